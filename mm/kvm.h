/* The kernel's address space: the high half every page table shares. */
#ifndef MM_KVM_H
#define MM_KVM_H

#include "lib/types.h"
#include "mm/pte.h"
#include "arch/riscv/fdt.h"

/* Build the kernel page table: the direct map of all RAM (kernel text R-X,
 * rodata R, everything else RW, nothing both W and X) and the devices in
 * `plat`. Panics if memory runs out (boot cannot continue).
 * Address spaces copy the kernel's high-half root entries when they are
 * created (pt_create_user), so every root entry the kernel will ever use
 * must exist before the first user address space: the direct map's here,
 * entry 511 (kernel stacks) in kvm_map_stack() from proc_init(). init/main.c
 * calls them in that order, before any process exists. */
void kvm_init(const struct platform *plat);
/* Switch this hart to the kernel page table. */
void kvm_load_hart(void);
/* The kernel root, for pt_create_user(). */
pte_t *kvm_root(void);
/* Map a kernel stack of `pages` pages for slot `index`, with an unmapped
 * guard page below it, in the kernel-stack area (the last GiB of the high
 * half). Returns the stack's top. Boot only: must run before any user
 * address space exists and before other harts start. Panics without memory. */
uintptr_t kvm_map_stack(int index, int pages);

/* The kernel address of a device's registers (they sit in the direct map). */
uintptr_t kvm_device_kva(paddr_t pa);

#endif
