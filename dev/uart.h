/* ns16550a UART driver (polled output, interrupt-driven input). */
#ifndef DEV_UART_H
#define DEV_UART_H

#include "lib/types.h"

/* regs: kernel virtual address of the register block. */
void uart_init(uintptr_t regs);
/* Send one byte, waiting for room in the transmitter. */
void uart_putc(char c);
/* Returns the next received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Ask for an interrupt whenever a byte arrives. */
void uart_enable_rx_interrupt(void);

#endif
