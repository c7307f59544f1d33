/* Per-hart state. tp holds this hart's struct cpu while in the kernel; the
 * trap entry path reloads it from the trap frame when coming from user mode. */
#ifndef ARCH_RISCV_CPU_H
#define ARCH_RISCV_CPU_H

#include "lib/types.h"
#include "arch/riscv/layout.h"

struct proc;
struct context;

/* Saved callee-saved registers for switch_context(). */
struct context {
  uint64_t ra, sp;
  uint64_t s[12];
};

struct cpu {
  /* Fixed after boot. */
  uint64_t hartid;
  int id;                  /* index in cpus[], 0 = boot hart */
  uintptr_t stack_top;     /* this hart's boot/scheduler stack */
  /* Touched only by this hart (interrupts off). */
  int irq_off_depth;       /* nesting of interrupt-off sections (spinlocks) */
  bool irq_were_on;        /* interrupt state before the outermost push */
  uint64_t irq_off_since;  /* time CSR at the outermost push (lib/spinlock.c) */
  struct proc *current;    /* the process running here, or NULL */
  struct context scheduler_ctx;
  /* Written by other harts. */
  int online;              /* atomic: set once this hart runs the kernel */
  int call_pending;        /* atomic: smp_call_all() asked this hart to run */
};

extern struct cpu cpus[NCPU];
extern int cpus_online;    /* atomic */

/* Make c this hart's struct cpu (tp), once at start. */
static inline void cpu_set_this(struct cpu *c)
{
  __asm__ volatile("mv tp, %0" :: "r"(c));
}

static inline struct cpu *this_cpu(void)
{
  struct cpu *c;
  __asm__ volatile("mv %0, tp" : "=r"(c));
  return c;
}


/* Wait for an interrupt, or a short while at most. Idle and wait loops use
 * this instead of spinning: under -icount a spinning hart can starve the
 * others (docs/debugging.md). Safe with interrupts on or off. */
void cpu_idle_wait(void);

#endif
