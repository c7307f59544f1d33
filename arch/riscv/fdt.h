/* What the kernel learns from the device tree OpenSBI hands over in a1. */
#ifndef ARCH_RISCV_FDT_H
#define ARCH_RISCV_FDT_H

#include "lib/types.h"

#define PLATFORM_MAX_RAM      4
#define PLATFORM_MAX_RESERVED 8
#define PLATFORM_MAX_HARTS    64
#define PLATFORM_BOOTARGS_MAX 256

struct phys_range {
  paddr_t base;
  uint64_t size;
};

struct platform {
  struct phys_range ram[PLATFORM_MAX_RAM];
  int ram_count;
  struct phys_range reserved[PLATFORM_MAX_RESERVED]; /* firmware, DTB, ... */
  int reserved_count;
  uint64_t hart_ids[PLATFORM_MAX_HARTS];
  int hart_count;
  uint64_t timebase_hz;
  struct phys_range uart;
  uint32_t uart_irq;
  struct phys_range plic;
  struct phys_range test_device;     /* sifive,test0: exit with a status */
  char bootargs[PLATFORM_BOOTARGS_MAX];
};

/* Parse the flattened device tree at `dtb` (a kernel-readable address of
 * the blob at physical `dtb_pa`). Returns 0, or -EINVAL for a blob that is
 * not a device tree. Records the blob itself as reserved. */
int fdt_parse(const void *dtb, paddr_t dtb_pa, struct platform *out);

#endif
