/* Exceptions from user mode: system calls, page faults, and everything
 * else (which kills the process). */
#ifndef TRAP_USERTRAP_H
#define TRAP_USERTRAP_H

#include "arch/riscv/trapframe.h"

/* Handle the exception in tf, raised by the current process in user mode.
 * May enable interrupts, sleep, or mark the process killed; the caller
 * checks for that before returning to user mode. */
void usertrap_exception(struct trapframe *tf);

#endif
