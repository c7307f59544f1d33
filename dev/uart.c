/* The console UART: one of the drivers of uart_driver.h, the one the
 * device tree chose (arch/riscv/fdt_console.c). Set once at boot, before
 * any other hart runs and before output is pointed here. */
#include "dev/uart.h"
#include "dev/uart_driver.h"

static const struct uart_driver *driver;

void uart_init(enum uart_kind kind, uintptr_t regs)
{
  switch (kind) {
  case UART_NS16550A: driver = &uart_ns16550a; break;
  case UART_SIFIVE: driver = &uart_sifive; break;
  case UART_NONE: driver = NULL; return;
  }
  driver->init(regs);
}

void uart_putc(char c)
{
  driver->putc(c);
}

int uart_getc(void)
{
  return driver ? driver->getc() : -1;
}

void uart_enable_rx_interrupt(void)
{
  if (driver)
    driver->enable_rx_interrupt();
}
