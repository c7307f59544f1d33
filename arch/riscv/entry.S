/* Boot entry. OpenSBI enters in S-mode with satp = 0, a0 = hart id and
 * a1 = device-tree address (boot hart) or the opaque value we passed to
 * HSM hart_start (secondary harts: their cpu index). We run at physical
 * addresses until paging is on, so everything here is PC-relative. */
#include "arch/riscv/boot.h"
#include "arch/riscv/sbi.h"

#define EARLY_GIGA_PTE(gib) ((((gib) << 30) >> 12) << 10 | 0xcf) /* V R W X A D */

  .section .text.entry, "ax"
  .globl _entry
_entry:
  /* Claim the boot before touching memory. Normally only OpenSBI's boot
   * hart comes here, but OpenSBI 1.1 can also send a hart we are starting
   * (REFERENCE.md, "hart-start window") while the kernel already runs:
   * that hart must not clear .bss or take cpu 0's stack. boot_arrivals
   * counts the arrivals; the hart that finds it 0 boots. */
  lla   t0, boot_arrivals
  li    t1, 1
  amoadd.w.aqrl t1, t1, (t0)
  bnez  t1, turn_away
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

/* A second arrival at _entry: hand the hart back to the firmware with HSM
 * hart_stop rather than parking it here. A stopped hart can be started
 * again, so smp_start_secondaries() sees it STOPPED and retries it at
 * _secondary_entry; a parked hart would stay STARTED (hart_start answers
 * "already available") and be lost to the kernel. Registers only. */
turn_away:
  li    a7, SBI_EXT_HSM
  li    a6, SBI_HSM_HART_STOP
  ecall                         /* returns only if the stop failed */
  csrw  sie, zero               /* then park for good: nothing wakes it */
6:
  wfi
  j     6b

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

  /* In .data, not .bss: the ELF load initialises it to 0 before any
   * hart runs, and clearing .bss after the claim must not reset it. */
  .section .data
  .p2align 2
  .globl boot_arrivals
boot_arrivals:
  .word 0

  .section .bss
  .p2align 12
early_root:
  .space 4096
  .globl boot_stacks
boot_stacks:
  .space BOOT_STACK_SIZE * NCPU
