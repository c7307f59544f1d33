/* Boot entry. OpenSBI enters in S-mode with satp = 0, a0 = hart id and
 * a1 = device-tree address (boot hart) or the opaque value we passed to
 * HSM hart_start (secondary harts: their cpu index). We run at physical
 * addresses until paging is on, so everything here is PC-relative. */
#include "arch/riscv/boot.h"

#define EARLY_GIGA_PTE(gib) ((((gib) << 30) >> 12) << 10 | 0xcf) /* V R W X A D */

  .section .text.entry, "ax"
  .globl _entry
_entry:
  /* Clear .bss: nothing else may have run yet. */
  lla   t0, _bss_start
  lla   t1, _bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, (t0)
  addi  t0, t0, 8
  j     1b
2:
  /* Early page table of 1 GiB pages: identity for the GiB we run in, and
   * the direct map of the first EARLY_MAP_GIB GiB of physical addresses
   * (RAM up to 14 GiB on QEMU virt), enough to reach the device tree and
   * every frame while frame_init() builds its free list. */
  lla   t0, early_root
  li    t1, EARLY_GIGA_PTE(2)
  sd    t1, 2*8(t0)
  li    t2, 2048
  add   t2, t0, t2              /* &early_root[256] */
  li    t1, EARLY_GIGA_PTE(0)
  li    t3, EARLY_GIGA_PTE(1) - EARLY_GIGA_PTE(0)   /* one GiB, as a PTE delta */
  li    t4, EARLY_MAP_GIB
5:
  sd    t1, 0(t2)
  add   t1, t1, t3
  addi  t2, t2, 8
  addi  t4, t4, -1
  bnez  t4, 5b
  call  enable_early_paging
  ld    t0, .Lboot_high
  jr    t0
boot_high:
  la    sp, boot_stacks
  li    t0, BOOT_STACK_SIZE
  add   sp, sp, t0              /* cpu 0's stack */
  mv    fp, zero
  call  start_boot_hart         /* (hartid, dtb_pa): never returns */
3:
  wfi
  j     3b

  .globl _secondary_entry
_secondary_entry:
  call  enable_early_paging
  ld    t0, .Lsecondary_high
  jr    t0
secondary_high:
  la    sp, boot_stacks
  addi  t0, a1, 1
  slli  t0, t0, BOOT_STACK_SHIFT
  add   sp, sp, t0              /* top of cpu a1's stack */
  mv    fp, zero
  call  start_secondary_hart    /* (hartid, cpu index): never returns */
4:
  wfi
  j     4b

/* satp = early_root; keeps a0/a1. Returns to a physical address that the
 * identity mapping still covers. */
enable_early_paging:
  lla   t0, early_root
  srli  t0, t0, 12
  li    t1, 8
  slli  t1, t1, 60              /* Sv39 */
  or    t0, t0, t1
  sfence.vma
  csrw  satp, t0
  sfence.vma
  ret

  .p2align 3
.Lboot_high:      .dword boot_high
.Lsecondary_high: .dword secondary_high

  .section .bss
  .p2align 12
early_root:
  .space 4096
  .globl boot_stacks
boot_stacks:
  .space BOOT_STACK_SIZE * NCPU
