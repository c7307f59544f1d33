/* The user address-space layout: what every program may rely on. Shared by
 * the kernel (mm/, proc/) and user space (through the xv6 names in
 * user/include/kernel/memlayout.h and riscv.h); see docs/memory-map.md.
 * Plain integers, so assembly can use them too. The kernel's own layout
 * (direct map, load address, kernel stacks) is not ABI: arch/riscv/layout.h. */
#ifndef UAPI_LAYOUT_H
#define UAPI_LAYOUT_H

#define UAPI_PAGE_SIZE     4096UL

/* User space: the low half of Sv39. Page 0 is never mapped (NULL faults). */
#define USER_TEXT_BASE     0x1000UL          /* programs are linked here */
#define USER_VA_LIMIT      (1UL << 38)       /* first address above user space */

/* The user stack sits at the top of user space, below two never-mapped pages,
 * with one never-mapped guard page below it. The heap (sbrk) grows up from the
 * end of the program towards the guard page. */
#define USTACK_PAGES       16UL
#define USTACK_TOP         (USER_VA_LIMIT - 2 * UAPI_PAGE_SIZE)
#define USTACK_BOTTOM      (USTACK_TOP - USTACK_PAGES * UAPI_PAGE_SIZE)
#define USTACK_GUARD       (USTACK_BOTTOM - UAPI_PAGE_SIZE)

#endif
