/* The registers saved on every trap. Offsets are shared with trapvec.S. */
#ifndef ARCH_RISCV_TRAPFRAME_H
#define ARCH_RISCV_TRAPFRAME_H

/* Byte offset of general register x<n> (n = 1..31). */
#define TF_X(n)      (((n) - 1) * 8)
#define TF_SEPC      (31 * 8)
#define TF_SSTATUS   (32 * 8)
#define TF_SCAUSE    (33 * 8)
#define TF_STVAL     (34 * 8)
#define TF_KERNEL_TP (35 * 8)  /* struct cpu * to load on entry from user */
#define TF_SIZE      (36 * 8)  /* a multiple of 16 keeps sp aligned */

#ifndef __ASSEMBLER__
#include "lib/types.h"

struct trapframe {
  uint64_t ra, sp, gp, tp, t0, t1, t2, s0, s1;
  uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
  uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
  uint64_t t3, t4, t5, t6;
  uint64_t sepc, sstatus, scause, stval;
  uint64_t kernel_tp;
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, sepc) == TF_SEPC, "trapframe layout");

/* Restore the registers in `tf` and return from the trap (to user mode if
 * tf->sstatus says so). Used for the first entry of a new process too. */
void trap_exit(struct trapframe *tf) __attribute__((noreturn));
#endif

#endif
