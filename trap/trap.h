/* Trap dispatch: every interrupt and exception, from user or kernel mode,
 * arrives in trap_dispatch() (from arch/riscv/trapvec.S) with the saved
 * registers, and is sent on by scause. */
#ifndef TRAP_TRAP_H
#define TRAP_TRAP_H

#include "arch/riscv/trapframe.h"

/* Point this hart's stvec at the trap vector and enable its interrupt
 * sources (software, timer, external). Global enable stays with the caller. */
void trap_init_hart(void);
/* Handle the trap described by tf; returns to trapvec.S, which resumes tf. */
void trap_dispatch(struct trapframe *tf);

#endif
