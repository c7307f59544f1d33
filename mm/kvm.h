/* The kernel's address space: the high half every page table shares. */
#ifndef MM_KVM_H
#define MM_KVM_H

#include "lib/types.h"
#include "mm/pte.h"
#include "arch/riscv/fdt.h"

/* Build the kernel page table: the direct map of all RAM (kernel text R-X,
 * rodata R, everything else RW, nothing both W and X) and the devices in
 * `plat`. Every high-half root entry is created here, once: later address
 * spaces copy them, so the kernel map must not grow new root entries.
 * Panics if memory runs out (boot cannot continue). */
void kvm_init(const struct platform *plat);
/* Switch this hart to the kernel page table. */
void kvm_load_hart(void);
/* The kernel root, for pt_create_user(). */
pte_t *kvm_root(void);
/* The kernel address of a device's registers (they sit in the direct map). */
uintptr_t kvm_device_kva(paddr_t pa);

#endif
