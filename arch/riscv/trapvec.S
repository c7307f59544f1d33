/* Trap entry and exit, for traps from user and from kernel mode alike.
 *
 * sscratch is 0 while the hart runs kernel code and holds the current
 * process's trap-frame address while it runs user code. The kernel is
 * mapped in every address space, so no satp switch is needed here.
 * Both paths build a struct trapframe and call trap_dispatch(tf). */
#include "arch/riscv/trapframe.h"

.macro SAVE_GPRS_EXCEPT_SP
  sd ra,  TF_X(1)(sp)
  sd gp,  TF_X(3)(sp)
  sd tp,  TF_X(4)(sp)
  sd t0,  TF_X(5)(sp)
  sd t1,  TF_X(6)(sp)
  sd t2,  TF_X(7)(sp)
  sd s0,  TF_X(8)(sp)
  sd s1,  TF_X(9)(sp)
  sd a0,  TF_X(10)(sp)
  sd a1,  TF_X(11)(sp)
  sd a2,  TF_X(12)(sp)
  sd a3,  TF_X(13)(sp)
  sd a4,  TF_X(14)(sp)
  sd a5,  TF_X(15)(sp)
  sd a6,  TF_X(16)(sp)
  sd a7,  TF_X(17)(sp)
  sd s2,  TF_X(18)(sp)
  sd s3,  TF_X(19)(sp)
  sd s4,  TF_X(20)(sp)
  sd s5,  TF_X(21)(sp)
  sd s6,  TF_X(22)(sp)
  sd s7,  TF_X(23)(sp)
  sd s8,  TF_X(24)(sp)
  sd s9,  TF_X(25)(sp)
  sd s10, TF_X(26)(sp)
  sd s11, TF_X(27)(sp)
  sd t3,  TF_X(28)(sp)
  sd t4,  TF_X(29)(sp)
  sd t5,  TF_X(30)(sp)
  sd t6,  TF_X(31)(sp)
.endm

/* Restores everything but sp and tp (tp is handled by the caller). */
.macro RESTORE_GPRS_EXCEPT_SP_TP
  ld ra,  TF_X(1)(sp)
  ld gp,  TF_X(3)(sp)
  ld t0,  TF_X(5)(sp)
  ld t1,  TF_X(6)(sp)
  ld t2,  TF_X(7)(sp)
  ld s0,  TF_X(8)(sp)
  ld s1,  TF_X(9)(sp)
  ld a0,  TF_X(10)(sp)
  ld a1,  TF_X(11)(sp)
  ld a2,  TF_X(12)(sp)
  ld a3,  TF_X(13)(sp)
  ld a4,  TF_X(14)(sp)
  ld a5,  TF_X(15)(sp)
  ld a6,  TF_X(16)(sp)
  ld a7,  TF_X(17)(sp)
  ld s2,  TF_X(18)(sp)
  ld s3,  TF_X(19)(sp)
  ld s4,  TF_X(20)(sp)
  ld s5,  TF_X(21)(sp)
  ld s6,  TF_X(22)(sp)
  ld s7,  TF_X(23)(sp)
  ld s8,  TF_X(24)(sp)
  ld s9,  TF_X(25)(sp)
  ld s10, TF_X(26)(sp)
  ld s11, TF_X(27)(sp)
  ld t3,  TF_X(28)(sp)
  ld t4,  TF_X(29)(sp)
  ld t5,  TF_X(30)(sp)
  ld t6,  TF_X(31)(sp)
.endm

  .section .text
  .p2align 2
  .globl trap_vector
trap_vector:
  csrrw sp, sscratch, sp
  bnez  sp, from_user
  /* From the kernel: sscratch was 0, so swap back and push a frame. */
  csrrw sp, sscratch, sp
  addi  sp, sp, -TF_SIZE
  SAVE_GPRS_EXCEPT_SP
  addi  t0, sp, TF_SIZE
  sd    t0, TF_X(2)(sp)
  j     save_csrs
from_user:
  /* sp is the process's trap frame, sscratch holds the user sp. The
   * kernel stack grows down from just below the frame. */
  SAVE_GPRS_EXCEPT_SP
  csrr  t0, sscratch
  sd    t0, TF_X(2)(sp)
  csrw  sscratch, zero
  ld    tp, TF_KERNEL_TP(sp)
save_csrs:
  csrr  t0, sepc
  sd    t0, TF_SEPC(sp)
  csrr  t0, sstatus
  sd    t0, TF_SSTATUS(sp)
  csrr  t0, scause
  sd    t0, TF_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, TF_STVAL(sp)
  mv    fp, zero              /* backtraces stop at the trap */
  mv    a0, sp
  call  trap_dispatch
  mv    a0, sp
  /* fall through */

/* trap_exit(tf): a0 = frame. Interrupts must be off. */
  .globl trap_exit
trap_exit:
  mv    sp, a0
  ld    t0, TF_SEPC(sp)
  csrw  sepc, t0
  ld    t0, TF_SSTATUS(sp)
  csrw  sstatus, t0
  andi  t0, t0, 1 << 8        /* SPP: returning to supervisor? */
  bnez  t0, 1f
  /* To user: remember this hart for the next entry, arm sscratch, and
   * restore the user's tp. A kernel trap keeps tp: the thread may have
   * moved to another hart while it was preempted. */
  sd    tp, TF_KERNEL_TP(sp)
  csrw  sscratch, sp
  ld    tp, TF_X(4)(sp)
1:
  RESTORE_GPRS_EXCEPT_SP_TP
  ld    sp, TF_X(2)(sp)
  sret
