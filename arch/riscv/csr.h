/* RISC-V supervisor CSRs, their bits, and the few instructions C needs. */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#include "lib/types.h"

/* sstatus */
#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)  /* previous mode was supervisor */
#define SSTATUS_FS   (3UL << 13) /* FPU state; kept Off for user mode */
#define SSTATUS_SUM  (1UL << 18) /* never set: the kernel doesn't touch user VAs */

/* sie / sip */
#define SIE_SSIE (1UL << 1) /* software (IPI) */
#define SIE_STIE (1UL << 5) /* timer */
#define SIE_SEIE (1UL << 9) /* external (PLIC) */

/* scause */
#define SCAUSE_INTERRUPT       (1UL << 63)
#define SCAUSE_CODE(c)         ((c) & ~SCAUSE_INTERRUPT)
#define IRQ_S_SOFTWARE         1
#define IRQ_S_TIMER            5
#define IRQ_S_EXTERNAL         9
#define EXC_INSN_MISALIGNED    0
#define EXC_INSN_ACCESS        1
#define EXC_ILLEGAL_INSN       2
#define EXC_BREAKPOINT         3
#define EXC_LOAD_MISALIGNED    4
#define EXC_LOAD_ACCESS        5
#define EXC_STORE_MISALIGNED   6
#define EXC_STORE_ACCESS       7
#define EXC_ECALL_U            8
#define EXC_ECALL_S            9
#define EXC_INSN_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15

/* satp */
#define SATP_MODE_SV39 (8UL << 60)
#define SATP_MAKE(root_pa) (SATP_MODE_SV39 | (pa_raw(root_pa) >> 12)) /* root_pa: a paddr_t */

/* scounteren: let user mode read cycle, time, instret */
#define SCOUNTEREN_CY_TM_IR 7UL

#define CSR_STIMECMP 0x14d /* Sstc; assemblers of GCC 12's era lack the name */

#define csr_read(csr) ({ uint64_t v_; \
  __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, val) \
  __asm__ volatile("csrw " #csr ", %0" :: "rK"((uint64_t)(val)) : "memory")
#define csr_set(csr, bits) \
  __asm__ volatile("csrs " #csr ", %0" :: "rK"((uint64_t)(bits)) : "memory")
#define csr_clear(csr, bits) \
  __asm__ volatile("csrc " #csr ", %0" :: "rK"((uint64_t)(bits)) : "memory")

static inline void intr_on(void)  { csr_set(sstatus, SSTATUS_SIE); }
static inline void intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline bool intr_enabled(void) { return csr_read(sstatus) & SSTATUS_SIE; }
/* Interrupts off for a few instructions, without the nesting and the
 * statistics of lib/spinlock.c: returns the previous state for
 * intr_restore(). For short lock-free per-hart sections only. */
static inline uint64_t intr_save(void)
{
  uint64_t before;
  __asm__ volatile("csrrci %0, sstatus, %1" : "=r"(before) : "i"(SSTATUS_SIE) : "memory");
  return before & SSTATUS_SIE;
}
static inline void intr_restore(uint64_t saved)
{
  if (saved)
    intr_on();
}

static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/* Flush this hart's TLB entries for one address / for everything. */
static inline void sfence_vma_addr(vaddr_t va)
{
  __asm__ volatile("sfence.vma %0, zero" :: "r"(va) : "memory");
}
static inline void sfence_vma_all(void)
{
  __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline uint64_t read_time(void) { return csr_read(time); }
static inline uint64_t read_fp(void)
{
  uint64_t fp;
  __asm__ volatile("mv %0, s0" : "=r"(fp));
  return fp;
}

#endif
