/* The platform-level interrupt controller (PLIC): routes the UART's
 * interrupt to the supervisor context of every hart. */
#ifndef DEV_PLIC_H
#define DEV_PLIC_H

#include "lib/types.h"
#include "arch/riscv/fdt.h"

/* regs: kernel address of the PLIC; uart_irq: the UART's source number. */
void plic_init(uintptr_t regs, uint32_t uart_irq);
/* Enable the sources for this hart's S-mode context: `context`, from the
 * device tree (PLATFORM_NO_CONTEXT: the hart takes no device interrupts). */
void plic_init_hart(uint32_t context);
/* Claim, handle and complete this hart's pending external interrupts. */
void plic_handle(void);

#endif
