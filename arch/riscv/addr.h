/* Converting between physical addresses and their direct-map addresses. */
#ifndef ARCH_RISCV_ADDR_H
#define ARCH_RISCV_ADDR_H

#include "lib/types.h"
#include "arch/riscv/layout.h"

static inline void *pa_to_kva(paddr_t pa)
{
  return (void *)(pa_raw(pa) + KERNEL_DIRECT_MAP);
}

static inline paddr_t kva_to_pa(const void *kva)
{
  return pa_make((uint64_t)kva - KERNEL_DIRECT_MAP);
}

#endif
