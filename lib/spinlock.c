/* Spinlocks and the per-hart interrupt-off nesting they rely on. */
#include "lib/spinlock.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "lib/panic.h"

/* csrrci reads and clears SIE in one instruction: no window in between. */
static inline __attribute__((always_inline)) void push_off(void)
{
  uint64_t before;
  __asm__ volatile("csrrci %0, sstatus, %1" : "=r"(before) : "i"(SSTATUS_SIE) : "memory");
  struct cpu *c = this_cpu();
  if (c->irq_off_depth++ == 0)
    c->irq_were_on = before & SSTATUS_SIE;
}

static inline __attribute__((always_inline)) void pop_off(void)
{
  struct cpu *c = this_cpu();
  if (__builtin_expect(c->irq_off_depth < 1, 0))
    panic("spin_unlock: interrupt-off nesting unbalanced (depth %d)", c->irq_off_depth);
  if (--c->irq_off_depth == 0 && c->irq_were_on)
    intr_on();
}

void spin_init(struct spinlock *lock, const char *name)
{
  lock->locked = 0;
  lock->name = name;
  lock->owner = NULL;
}

bool spin_holding(struct spinlock *lock)
{
  return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
         lock->owner == this_cpu();
}

void spin_lock(struct spinlock *lock)
{
  push_off();
  if (spin_holding(lock))
    panic("spin_lock: %s already held by this hart", lock->name);
  for (;;) {
    if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
      break;
    while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
      ;
  }
  lock->owner = this_cpu();
}

void spin_unlock(struct spinlock *lock)
{
  if (!spin_holding(lock))
    panic("spin_unlock: %s not held", lock->name);
  lock->owner = NULL;
  __atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
  pop_off();
}
