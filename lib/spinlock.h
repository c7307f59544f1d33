/* Spinlocks: interrupts stay off on this hart while one is held, so an
 * interrupt handler can never deadlock against the code it interrupted. */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include "lib/types.h"

struct cpu;

struct spinlock {
  int locked;          /* atomic */
  const char *name;
  struct cpu *owner;   /* for holding() and for debugging */
};

#define SPINLOCK_INIT(n) { .locked = 0, .name = (n), .owner = NULL }

void spin_init(struct spinlock *lock, const char *name);
void spin_lock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
/* True if this hart holds the lock (call with interrupts off). */
bool spin_holding(struct spinlock *lock);
/* The longest stretch any hart kept interrupts off behind spinlocks since
 * the previous call, in time-CSR units; resets it to 0 (read and clear). */
uint64_t irq_off_longest_take(void);

#endif
