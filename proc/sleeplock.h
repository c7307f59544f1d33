/* Sleep locks: a lock whose waiters sleep instead of spinning, for holders
 * that copy to or from user memory (the copy may fault in or copy a COW
 * page, which takes the vm lock and may allocate) or that do much work
 * (an inode's lock, held across a whole read or write). Not for interrupt
 * handlers, and never taken while holding a spinlock.
 *
 * The inner spinlock is a condition lock (docs/architecture.md): held only
 * while looking at `locked`, never across the holder's critical section.
 * Implemented in proc/sleeplock.c; fs/ may include this header. */
#ifndef PROC_SLEEPLOCK_H
#define PROC_SLEEPLOCK_H

#include "lib/types.h"
#include "lib/spinlock.h"

struct sleeplock {
  struct spinlock guard;  /* guards the two fields below */
  bool locked;
  const void *holder;     /* the holding process, or NULL for the boot thread */
};

void sleeplock_init(struct sleeplock *lock, const char *name);
/* Take the lock, sleeping while another thread holds it.
 * => never fails; a killed waiter still waits (it may need the lock to
 *    close its files on the way out), yielding the hart meanwhile. */
void sleeplock_acquire(struct sleeplock *lock);
void sleeplock_release(struct sleeplock *lock);
/* Does the current thread hold it? For assertions. */
bool sleeplock_holding(struct sleeplock *lock);

#endif
