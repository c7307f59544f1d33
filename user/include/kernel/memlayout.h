/* Where things are in a cowkernel address space, under xv6's names. The
 * user layout is include/uapi/layout.h; see docs/memory-map.md. */
#ifndef COWKERNEL_USER_MEMLAYOUT_H
#define COWKERNEL_USER_MEMLAYOUT_H

#include "uapi/layout.h"
#include "kernel/riscv.h"

/* Where the kernel image really is: in the high half of every address
 * space, mapped without PTE_U, so a user access there faults. (In xv6,
 * KERNBASE is the physical address 0x80000000.) */
#define KERNBASE 0xFFFFFFC080200000UL /* KERNEL_IMAGE_VA in arch/riscv/layout.h */

/* xv6's end of usable RAM, KERNBASE + 128 MiB: programs (cowtest) size their
 * allocations from PHYSTOP - KERNBASE. QEMU's default RAM is 128 MiB. */
#define PHYSTOP (KERNBASE + 128UL * 1024 * 1024)

/* cowkernel has no trampoline page and no trapframe page: traps enter the
 * kernel's high half directly. The two addresses xv6 uses for them, the top
 * two pages of user space, exist here only as names; they are never mapped
 * (USTACK_TOP sits below them), so a program that probes them faults. */
#define TRAMPOLINE (MAXVA - PGSIZE)
#define TRAPFRAME  (TRAMPOLINE - PGSIZE)

/* The user stack: USTACK_PAGES pages ending at USTACK_TOP, with an unmapped
 * guard page at USTACK_GUARD below USTACK_BOTTOM (from uapi/layout.h). */

#endif
