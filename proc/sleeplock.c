/* Sleep locks (proc/sleeplock.h), on the scheduler's sleep and wakeup.
 * The boot thread and ktests run without a process: they may take sleep
 * locks nobody else contends, and are recorded as holder NULL. */
#include "proc/sleeplock.h"
#include "proc/proc.h"
#include "lib/panic.h"

void sleeplock_init(struct sleeplock *lock, const char *name)
{
  spin_init(&lock->guard, name);
  lock->locked = false;
  lock->holder = NULL;
}

/* proc_sleep() returns at once for a killed process without letting go of
 * the guard, so a killed waiter yields with the guard released instead:
 * otherwise it would spin holding the guard the holder needs to release. */
void sleeplock_acquire(struct sleeplock *lock)
{
  spin_lock(&lock->guard);
  while (lock->locked) {
    ASSERT(proc_current() != NULL); /* the boot thread never contends */
    if (proc_self_killed()) {
      spin_unlock(&lock->guard);
      proc_yield();
      spin_lock(&lock->guard);
      continue;
    }
    proc_sleep(lock, &lock->guard);
  }
  lock->locked = true;
  lock->holder = proc_current();
  spin_unlock(&lock->guard);
}

void sleeplock_release(struct sleeplock *lock)
{
  spin_lock(&lock->guard);
  ASSERT(lock->locked);
  lock->locked = false;
  lock->holder = NULL;
  proc_wakeup(lock);
  spin_unlock(&lock->guard);
}

bool sleeplock_holding(struct sleeplock *lock)
{
  spin_lock(&lock->guard);
  bool mine = lock->locked && lock->holder == proc_current();
  spin_unlock(&lock->guard);
  return mine;
}
