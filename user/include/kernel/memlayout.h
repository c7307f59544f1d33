/* Where things are in a cowkernel address space, under xv6's names. See
 * kernel/layout.h for the authoritative values and docs/memory-map.md. */
#ifndef COWKERNEL_USER_MEMLAYOUT_H
#define COWKERNEL_USER_MEMLAYOUT_H

#include "kernel/layout.h"
#include "kernel/riscv.h"

/* Where the kernel image really is: in the high half of every address
 * space, mapped without PTE_U, so a user access there faults. (In xv6,
 * KERNBASE is the physical address 0x80000000.) */
#define KERNBASE KERNEL_IMAGE_VA

/* cowkernel has no trampoline page and no trapframe page: traps enter the
 * kernel's high half directly. The two addresses xv6 uses for them, the top
 * two pages of user space, exist here only as names; they are never mapped
 * (USTACK_TOP sits below them), so a program that probes them faults. */
#define TRAMPOLINE (MAXVA - PGSIZE)
#define TRAPFRAME  (TRAMPOLINE - PGSIZE)

/* The user stack: USTACK_PAGES pages ending at USTACK_TOP, with an unmapped
 * guard page at USTACK_GUARD below USTACK_BOTTOM (from kernel/layout.h). */

#endif
