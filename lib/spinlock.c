/* Spinlocks and the per-hart interrupt-off nesting they rely on. */
#include "lib/spinlock.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "lib/panic.h"

void irq_save_push(void)
{
  bool were_on = intr_enabled();
  intr_off();
  struct cpu *c = this_cpu();
  if (c->irq_off_depth++ == 0)
    c->irq_were_on = were_on;
}

void irq_restore_pop(void)
{
  struct cpu *c = this_cpu();
  if (intr_enabled())
    panic("irq_restore_pop: interrupts are on");
  if (c->irq_off_depth < 1)
    panic("irq_restore_pop: unbalanced");
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
  irq_save_push();
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
  irq_restore_pop();
}
