/* What each UART driver provides to dev/uart.c, which picks one from the
 * device tree. Private to dev/uart*.c. */
#ifndef DEV_UART_DRIVER_H
#define DEV_UART_DRIVER_H

#include "lib/types.h"

struct uart_driver {
  /* Quiet the device (no interrupts), transmitter and receiver on. */
  void (*init)(uintptr_t regs);
  /* Send one byte, waiting for room. */
  void (*putc)(char c);
  /* The next received byte, or -1. */
  int (*getc)(void);
  /* Interrupt while the receive FIFO holds a byte. */
  void (*enable_rx_interrupt)(void);
};

extern const struct uart_driver uart_ns16550a;
extern const struct uart_driver uart_sifive;

#endif
