/* RISC-V semihosting: asking the host (QEMU started with
 * -semihosting-config enable=on,target=native, or a debugger) to do
 * something for the guest. The kernel uses it for one thing: ending the
 * run with an exit status on a machine without an exit device. */
#ifndef ARCH_RISCV_SEMIHOST_H
#define ARCH_RISCV_SEMIHOST_H

#include "lib/types.h"

#define SEMIHOST_SYS_EXIT_EXTENDED 0x20     /* arg: {reason, status} */
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026

/* Make semihosting call `op` with argument `arg` (a kernel address where
 * the call takes a parameter block).
 * => returns 0 and stores the host's answer in *result;
 * => returns -1 if nobody answered: the semihosting ebreak trapped as a
 *    plain breakpoint (QEMU without semihosting, a board without a
 *    debugger). The trap is caught here, nothing else sees it.
 * Interrupts are off during the call; sepc, scause and stval may change. */
int semihost_call(long op, const void *arg, long *result);

#endif
