/* Spinlocks and the per-hart interrupt-off nesting they rely on.
 *
 * The nesting also measures the longest stretch with interrupts off behind
 * a lock (irq_off_longest): the outermost push notes the time, and the
 * outermost pop that turns interrupts back on records how long they were
 * off. The start is always the outermost push, even when interrupts were
 * already off then (a trap handler): a stretch may be under-counted that
 * way (trap entry is not seen) but never over-counted, whichever thread's
 * pop ends it after a context switch.
 * Only stretches that end in a process's context count (this_cpu()->current
 * set): those are what programs cause. The scheduler's own scan over the
 * process table is short, fixed work, but under QEMU on a loaded host an
 * idle hart's vCPU thread is sometimes stalled inside it for tens of ms of
 * wall-clock time (the time CSR), which would drown what the statistic is
 * for. */
#include "lib/spinlock.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "lib/panic.h"
#include "uapi/lockstat.h"

static uint64_t irq_off_longest; /* atomic; time CSR units */

/* Keep the maximum with a compare-and-swap loop (there is no AMOMAX for
 * unsigned 64-bit values in the builtins we use portably). */
static void note_irq_off(uint64_t stretch)
{
  uint64_t seen = __atomic_load_n(&irq_off_longest, __ATOMIC_RELAXED);
  while (stretch > seen &&
         !__atomic_compare_exchange_n(&irq_off_longest, &seen, stretch, true,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}

uint64_t irq_off_longest_take(void)
{
  return __atomic_exchange_n(&irq_off_longest, 0, __ATOMIC_RELAXED);
}

/* csrrci reads and clears SIE in one instruction: no window in between. */
static inline __attribute__((always_inline)) void push_off(void)
{
  uint64_t before;
  __asm__ volatile("csrrci %0, sstatus, %1" : "=r"(before) : "i"(SSTATUS_SIE) : "memory");
  struct cpu *c = this_cpu();
  if (c->irq_off_depth++ == 0) {
    c->irq_were_on = before & SSTATUS_SIE;
    if (c->irq_were_on)   /* only those stretches are measured (pop_off) */
      c->irq_off_since = read_time();
  }
}

static inline __attribute__((always_inline)) void pop_off(void)
{
  struct cpu *c = this_cpu();
  if (__builtin_expect(c->irq_off_depth < 1, 0))
    panic("spin_unlock: interrupt-off nesting unbalanced (depth %d)", c->irq_off_depth);
  if (--c->irq_off_depth == 0 && c->irq_were_on) {
    if (c->current)
      note_irq_off(read_time() - c->irq_off_since);
    intr_on();
  }
}

/* Lock statistics (lib/lockstat.c): this hart's counters for the lock's
 * class, touched only here and with interrupts off, so no atomics. */
extern struct lockstat_counts lockstat_counts[NCPU][LOCKSTAT_CLASSES];

static inline void count_in_class(struct cpu *c, int id, bool contended)
{
  struct lockstat_counts *k = &lockstat_counts[c->id][id];
  k->acquisitions++;
  k->contended += contended;
}

/* A lock's first acquisition: find its class, then count. Out of line and
 * reached by a tail call, so that spin_lock's common path keeps nothing
 * across a call. */
static __attribute__((noinline, cold)) void count_first_acquisition(struct cpu *c,
                                                                     struct spinlock *lock,
                                                                     bool contended)
{
  count_in_class(c, lockstat_classify(lock), contended);
}

void spin_init(struct spinlock *lock, const char *name)
{
  lock->locked = 0;
  lock->owner = NULL;
  if (lock->name != name) /* re-initialised with the same name: same class */
    lock->class_id = 0;
  lock->name = name;
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
  bool contended = false;
  for (;;) {
    if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
      break;
    contended = true;
    while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
      ;
  }
  struct cpu *c = this_cpu();
  lock->owner = c;
  int id = __atomic_load_n(&lock->class_id, __ATOMIC_RELAXED);
  if (__builtin_expect(id == 0, 0)) {
    count_first_acquisition(c, lock, contended);
    return;
  }
  count_in_class(c, id, contended);
}

void spin_unlock(struct spinlock *lock)
{
  if (!spin_holding(lock))
    panic("spin_unlock: %s not held", lock->name);
  lock->owner = NULL;
  __atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
  pop_off();
}
