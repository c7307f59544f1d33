/* Trap dispatch: every interrupt and exception, from user or kernel mode,
 * arrives in trap_dispatch() with the saved registers. */
#ifndef TRAP_TRAP_H
#define TRAP_TRAP_H

#include "arch/riscv/trapframe.h"

/* Point this hart's stvec at the trap vector and enable its interrupts
 * sources (software, timer, external). Global enable stays with the caller. */
void trap_init_hart(void);
void trap_dispatch(struct trapframe *tf);
/* Provided by the layers above (proc/, trap/plic.c): */
/* A timer tick arrived (tf is the interrupted context): preemption. */
void trap_timer_hook(struct trapframe *tf);
/* An external interrupt is pending at the PLIC. */
void trap_external_hook(void);
/* An exception (system call, fault) from user mode. */
void trap_user_exception(struct trapframe *tf);

/* Last stop before returning to user mode: exits a killed process, and
 * leaves interrupts off for trap_exit. */
void trap_user_return_hook(struct trapframe *tf);

/* Human-readable name of an scause value. */
const char *trap_cause_name(uint64_t scause);

#endif
