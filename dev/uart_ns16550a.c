/* ns16550a: QEMU virt's UART. Byte-wide registers, reg-shift 0. */
#include "dev/uart_driver.h"

#define REG_RBR_THR 0   /* receive buffer / transmit holding */
#define REG_IER     1   /* interrupt enable */
#define REG_LCR     3   /* line control */
#define REG_LSR     5   /* line status */

#define IER_RX_AVAILABLE 0x01
#define LCR_8N1          0x03
#define LCR_DLAB         0x80
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20

static volatile uint8_t *uart_regs;

static uint8_t reg_read(int reg)           { return uart_regs[reg]; }
static void reg_write(int reg, uint8_t v)  { uart_regs[reg] = v; }

static void ns16550a_init(uintptr_t regs)
{
  uart_regs = (volatile uint8_t *)regs;
  reg_write(REG_IER, 0);
  /* 38400 baud divisor; QEMU ignores it, real 16550s need one. */
  reg_write(REG_LCR, LCR_DLAB);
  reg_write(0, 3);
  reg_write(1, 0);
  reg_write(REG_LCR, LCR_8N1);
  /* FCR stays as the firmware left it: switching the FIFO on resets it,
   * which would drop keys typed (or piped in) during boot. */
}

static void ns16550a_putc(char c)
{
  while (!(reg_read(REG_LSR) & LSR_THR_EMPTY))
    ;
  reg_write(REG_RBR_THR, (uint8_t)c);
}

static int ns16550a_getc(void)
{
  if (!(reg_read(REG_LSR) & LSR_DATA_READY))
    return -1;
  return reg_read(REG_RBR_THR);
}

static void ns16550a_enable_rx_interrupt(void)
{
  reg_write(REG_IER, IER_RX_AVAILABLE);
}

const struct uart_driver uart_ns16550a = {
  .init = ns16550a_init,
  .putc = ns16550a_putc,
  .getc = ns16550a_getc,
  .enable_rx_interrupt = ns16550a_enable_rx_interrupt,
};
