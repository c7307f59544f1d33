/* Converting between physical addresses and their direct-map addresses. */
#ifndef MM_ADDR_H
#define MM_ADDR_H

#include "lib/types.h"
#include "user/include/kernel/layout.h"

static inline void *pa_to_kva(paddr_t pa)
{
  return (void *)(pa + KERNEL_DIRECT_MAP);
}

static inline paddr_t kva_to_pa(const void *kva)
{
  return (paddr_t)kva - KERNEL_DIRECT_MAP;
}

/* The address of a kernel symbol as OpenSBI loaded it. */
#define KERNEL_SYMBOL_PA(sym) kva_to_pa(sym)

#endif
