/* The console UART (polled output, interrupt-driven input): ns16550a or
 * sifive,uart0, whichever the device tree names. */
#ifndef DEV_UART_H
#define DEV_UART_H

#include "lib/types.h"
#include "arch/riscv/fdt.h"

/* kind: the UART's register interface; regs: kernel virtual address of its
 * register block. UART_NONE leaves the console without a UART. */
void uart_init(enum uart_kind kind, uintptr_t regs);
/* Send one byte, waiting for room in the transmitter. Only after a
 * uart_init() with a UART (it is the output sink from then on). */
void uart_putc(char c);
/* Returns the next received byte, or -1 if none is waiting (or no UART). */
int uart_getc(void);
/* Ask for an interrupt whenever a byte arrives. */
void uart_enable_rx_interrupt(void);

#endif
