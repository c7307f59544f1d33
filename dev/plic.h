/* The platform-level interrupt controller (PLIC): routes the UART's
 * interrupt to the supervisor context of every hart. */
#ifndef DEV_PLIC_H
#define DEV_PLIC_H

#include "lib/types.h"

/* regs: kernel address of the PLIC; uart_irq: the UART's source number. */
void plic_init(uintptr_t regs, uint32_t uart_irq);
/* Enable the sources for this hart's S-mode context. */
void plic_init_hart(uint64_t hartid);
/* Claim, handle and complete pending external interrupts. */
void plic_handle(uint64_t hartid);

#endif
