/* The address-space layout user programs can rely on. Shared by the kernel
 * (mm/, proc/) and user space (kernel/memlayout.h, kernel/riscv.h); see
 * docs/memory-map.md. Values are plain integers so assembly can use them. */
#ifndef COWKERNEL_ABI_LAYOUT_H
#define COWKERNEL_ABI_LAYOUT_H

#define LAYOUT_PAGE_SIZE   4096UL

/* User space: the low half of Sv39. Page 0 is never mapped (NULL faults). */
#define USER_TEXT_BASE     0x1000UL          /* programs are linked here */
#define USER_VA_LIMIT      (1UL << 38)       /* first address above user space */

/* The user stack sits at the top of user space, below two never-mapped pages,
 * with one never-mapped guard page below it. The heap (sbrk) grows up from the
 * end of the program towards the guard page. */
#define USTACK_PAGES       16UL
#define USTACK_TOP         (USER_VA_LIMIT - 2 * LAYOUT_PAGE_SIZE)
#define USTACK_BOTTOM      (USTACK_TOP - USTACK_PAGES * LAYOUT_PAGE_SIZE)
#define USTACK_GUARD       (USTACK_BOTTOM - LAYOUT_PAGE_SIZE)

/* Kernel: the high half. Physical address P is at KERNEL_DIRECT_MAP + P for
 * all RAM and the devices the kernel uses; the kernel image runs from the
 * direct-map address of where OpenSBI loaded it. */
#define KERNEL_DIRECT_MAP  0xFFFFFFC000000000UL
#define KERNEL_LOAD_PA     0x80200000UL
#define KERNEL_IMAGE_VA    (KERNEL_DIRECT_MAP + KERNEL_LOAD_PA)

#endif
