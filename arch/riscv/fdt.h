/* What the kernel learns from the device tree OpenSBI hands over in a1. */
#ifndef ARCH_RISCV_FDT_H
#define ARCH_RISCV_FDT_H

#include "lib/types.h"

#define PLATFORM_MAX_RAM      4
#define PLATFORM_MAX_RESERVED 8
#define PLATFORM_MAX_HARTS    64
#define PLATFORM_BOOTARGS_MAX 256
#define PLATFORM_NO_CONTEXT   0xffffffffu /* a hart without a PLIC S-mode context */

struct phys_range {
  paddr_t base;
  uint64_t size;
};

/* The console UART's register interface. */
enum uart_kind {
  UART_NONE,
  UART_NS16550A,   /* ns16550a: byte registers (QEMU virt) */
  UART_SIFIVE,     /* sifive,uart0: 32-bit registers (sifive_u, FU540, FU740) */
};

/* A hart the kernel can run on: an MMU of Sv39 or larger, enabled. */
struct platform_hart {
  uint64_t hartid;
  uint32_t plic_context;   /* its S-mode external interrupt's PLIC context */
  bool sstc;               /* has Sstc: stimecmp is writable from S-mode */
};

struct platform {
  struct phys_range ram[PLATFORM_MAX_RAM];
  int ram_count;
  struct phys_range reserved[PLATFORM_MAX_RESERVED]; /* firmware, DTB, ... */
  int reserved_count;
  struct platform_hart harts[PLATFORM_MAX_HARTS];    /* in device-tree order */
  int hart_count;
  uint64_t timebase_hz;
  struct phys_range uart;            /* the console: /chosen stdout-path, else the first */
  enum uart_kind uart_kind;
  uint32_t uart_irq;
  struct phys_range plic;
  struct phys_range test_device;     /* sifive,test0: exit with a status; size 0 if none */
  char bootargs[PLATFORM_BOOTARGS_MAX];
};

/* Parse the flattened device tree at `dtb` (a kernel-readable address of
 * the blob at physical `dtb_pa`). Returns 0, or -EINVAL for a blob that is
 * not a device tree. Records the blob itself as reserved. */
int fdt_parse(const void *dtb, paddr_t dtb_pa, struct platform *out);

/* The entry of `hartid` in p->harts, or NULL if the kernel cannot run on it. */
const struct platform_hart *platform_find_hart(const struct platform *p, uint64_t hartid);

#endif
