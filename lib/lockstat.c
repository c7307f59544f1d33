/* Lock statistics: per lock class (a lock's name), how often it was taken
 * and how often the taker found it held and had to spin. For learners
 * ("which lock do the harts fight over?") and for the SMP benchmark.
 *
 * Counting must not itself become a contended cache line, so every hart
 * keeps its own counters (written only by that hart, with interrupts off
 * inside spin_lock) and a reader sums them. A lock learns its class at its
 * first acquisition: the name is looked up in a small table that grows
 * with a compare-and-swap per slot, so no lock is needed to count locks. */
#include "lib/spinlock.h"
#include "lib/string.h"
#include "arch/riscv/cpu.h"
#include "uapi/lockstat.h"


static const char *class_names[LOCKSTAT_CLASSES]; /* atomic; slot 0 unused */
struct lockstat_counts lockstat_counts[NCPU][LOCKSTAT_CLASSES];

/* The class slot for `name`, adding it if it is new. */
static int class_of_name(const char *name)
{
  for (int i = 1; i < LOCKSTAT_CLASSES; i++) {
    const char *seen = __atomic_load_n(&class_names[i], __ATOMIC_ACQUIRE);
    if (!seen && __atomic_compare_exchange_n(&class_names[i], &seen, name, false,
                                             __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return i;
    if (seen == name || strcmp(seen, name) == 0)
      return i;
  }
  return LOCKSTAT_UNCLASSED;
}

int lockstat_classify(struct spinlock *lock)
{
  int id = class_of_name(lock->name ? lock->name : "?");
  __atomic_store_n(&lock->class_id, id, __ATOMIC_RELAXED); /* same value from any hart */
  return id;
}

int lockstat_read(struct lockstat_class *out, int max)
{
  int n = 0;
  for (int i = 0; i < LOCKSTAT_CLASSES && n < max; i++) {
    const char *name = i == LOCKSTAT_UNCLASSED ? "(other)" : __atomic_load_n(&class_names[i], __ATOMIC_ACQUIRE);
    if (!name)
      break;
    struct lockstat_class *k = &out[n];
    memset(k, 0, sizeof(*k));
    strlcpy(k->name, name, sizeof(k->name));
    for (int h = 0; h < NCPU; h++) {
      k->acquisitions += __atomic_load_n(&lockstat_counts[h][i].acquisitions, __ATOMIC_RELAXED);
      k->contended += __atomic_load_n(&lockstat_counts[h][i].contended, __ATOMIC_RELAXED);
    }
    if (i != LOCKSTAT_UNCLASSED || k->acquisitions)
      n++;
  }
  return n;
}
