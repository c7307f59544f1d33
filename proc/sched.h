/* Sleep and wakeup: what code below proc/ (fs/, dev/) may ask of the
 * scheduler. It names no process: the caller is always "the current
 * thread". Implemented in proc/sched.c (proc_dump in proc/proc.c).
 *
 * A condition lock is the spinlock a sleeper holds while it checks its
 * condition (a pipe's lock, the console input lock): the lock order puts
 * every condition lock before the proc locks (docs/architecture.md). */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include "lib/types.h"
#include "lib/spinlock.h"

/* Sleep on `channel`, atomically releasing `cond_lock` (re-held on return).
 * Returns at once, without sleeping, if the caller has been killed. */
void proc_sleep(const void *channel, struct spinlock *cond_lock);
/* Wake every process sleeping on `channel`. */
void proc_wakeup(const void *channel);
/* Has the current process been killed? Sleep loops check it to give up. */
bool proc_self_killed(void);
/* Print the process table on the console (^P, procdump()). */
void proc_dump(void);

#endif
