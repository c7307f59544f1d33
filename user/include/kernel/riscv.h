/* The parts of xv6's riscv.h that make sense in user mode: page-size
 * arithmetic, the user address limit, Sv39 PTE bit names and r_sp(). There
 * are no CSR accessors here: user mode cannot touch supervisor CSRs
 * (rdtime() in user/user.h reads the one counter it may). */
#ifndef COWKERNEL_USER_RISCV_H
#define COWKERNEL_USER_RISCV_H

#include "uapi/layout.h"

#define PGSIZE  4096 /* bytes per page */
#define PGSHIFT 12   /* bits of offset within a page */

#define PGROUNDUP(sz)  (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

/* First address above user space: the low half of Sv39 (1 << 38). Every
 * address from here up to the kernel's high half is unmapped for users. */
#define MAXVA USER_VA_LIMIT

/* Sv39 page-table entry bits (what vmcheck and the kernel talk about). */
#define PTE_V (1L << 0) /* valid */
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4) /* user can access */

#ifndef __ASSEMBLER__
typedef unsigned long pte_t;
typedef unsigned long *pagetable_t;

/* The stack pointer, as xv6's r_sp() reads it (usertests checks where its
 * stack is with it). */
static inline unsigned long r_sp(void)
{
  unsigned long x;
  __asm__ volatile("mv %0, sp" : "=r"(x));
  return x;
}
#endif

#endif
