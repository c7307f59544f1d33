/* ns16550a UART driver (polled output, interrupt-driven input). */
#ifndef ARCH_RISCV_UART_H
#define ARCH_RISCV_UART_H

#include "lib/types.h"

/* regs: kernel virtual address of the register block. */
void uart_init(uintptr_t regs);
bool uart_ready(void);
void uart_putc(char c);
/* Returns the next received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Ask for an interrupt whenever a byte arrives. */
void uart_enable_rx_interrupt(void);

#endif
