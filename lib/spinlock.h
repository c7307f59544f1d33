/* Spinlocks: interrupts stay off on this hart while one is held, so an
 * interrupt handler can never deadlock against the code it interrupted. */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include "lib/types.h"

struct cpu;

struct spinlock {
  int locked;          /* atomic */
  int class_id;        /* lock statistics (lib/lockstat.c); 0 until the first
                          acquisition (in locked's padding: a lock stays 24 bytes) */
  const char *name;
  struct cpu *owner;   /* for holding() and for debugging */
};

#define SPINLOCK_INIT(n) { .locked = 0, .name = (n), .owner = NULL, .class_id = 0 }

void spin_init(struct spinlock *lock, const char *name);
void spin_lock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
/* True if this hart holds the lock (call with interrupts off). */
bool spin_holding(struct spinlock *lock);
/* The longest stretch any hart kept interrupts off behind spinlocks since
 * the previous call, in time-CSR units; resets it to 0 (read and clear). */
uint64_t irq_off_longest_take(void);

struct lockstat_class;
/* Lock statistics by class (lib/lockstat.c): fill up to `max` entries of
 * `out` with the classes seen so far; returns how many. */
int lockstat_read(struct lockstat_class *out, int max);
/* For spin_lock only (lib/spinlock.c): the per-hart counters, and the
 * class lookup of a lock's first acquisition. */
#define LOCKSTAT_UNCLASSED 0 /* class 0: names that did not fit in the table */
struct lockstat_counts {
  uint64_t acquisitions;
  uint64_t contended;
};
int lockstat_classify(struct spinlock *lock);

#endif
