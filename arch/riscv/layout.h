/* The kernel's own layout: where it is loaded and mapped, its stacks and
 * how many harts it runs on. Not ABI (the user layout is
 * include/uapi/layout.h); see docs/memory-map.md. Plain integers, so
 * entry.S and the linker script's users can share them. */
#ifndef ARCH_RISCV_LAYOUT_H
#define ARCH_RISCV_LAYOUT_H

/* Harts the kernel runs on; more are left in the firmware. */
#define NCPU 8

/* The high half. Physical address P is at KERNEL_DIRECT_MAP + P for all RAM
 * and the devices the kernel uses; the image runs from the direct-map
 * address of where OpenSBI loaded it (linker.ld links it there). */
#define KERNEL_DIRECT_MAP  0xFFFFFFC000000000UL
#define KERNEL_LOAD_PA     0x80200000UL
#define KERNEL_IMAGE_VA    (KERNEL_DIRECT_MAP + KERNEL_LOAD_PA)

/* Kernel stacks of processes: the last GiB (root entry 511), one slot per
 * process, each with an unmapped guard page below it. */
#define KSTACK_AREA        0xFFFFFFFFC0000000UL

/* Boot stacks: one per hart in .bss, used until the scheduler runs. */
#define BOOT_STACK_SHIFT   14
#define BOOT_STACK_SIZE    (1 << BOOT_STACK_SHIFT)

/* The early page table (entry.S) direct-maps this many GiB of physical
 * addresses with 1 GiB pages: enough for the device tree and every frame
 * while frame_init() builds its free list. */
#define EARLY_MAP_GIB      16

#endif
