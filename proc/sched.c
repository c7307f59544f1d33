/* The per-hart scheduler, context switches, sleep and wakeup.
 *
 * Every RUNNABLE process is in one run queue, in the order it became
 * runnable; each hart's scheduler takes the first. One shared queue keeps
 * the order fair across harts and is short to hold (a pointer or two
 * change under its lock); a hart never scans the process table to find
 * work. The switch protocol: a process enters sched() holding its own lock
 * with its state already changed; the scheduler releases that lock after
 * the switch lands, so no other hart can run the process until its
 * registers are saved (a hart that takes it off the queue meanwhile waits
 * for its lock).
 *
 * Locks: runq_lock is a leaf, taken under a proc lock (docs/architecture.md). */
#include "proc/proc.h"
#include "arch/riscv/csr.h"
#include "lib/panic.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/smp.h"
#include "lib/errno.h"

extern struct proc procs[NPROC];

void switch_context(struct context *save, const struct context *load);

/* Run p until it gives the hart back. Called with p->lock held. */
static void run(struct cpu *c, struct proc *p)
{
  p->state = PROC_RUNNING;
  c->current = p;
  if (p->vm)          /* an exiting process may be preempted after its vm is gone */
    vm_activate(p->vm);
  switch_context(&c->scheduler_ctx, &p->ctx);
  /* Never stay on a process's root: it may be freed once the process exits. */
  vm_deactivate();
  c->current = NULL;
}

static struct spinlock runq_lock = SPINLOCK_INIT("runq");
static struct proc *runq_head, *runq_tail; /* runq_lock; head also read as a hint */

/* Harts waiting in wfi for work, one bit per cpu id (atomic). A hart sets
 * its bit and then looks at the queue; whoever queues a process then looks
 * at the bits (both with full fences between), so either the idle hart
 * sees the process or the waker sees the bit. The waker clears the bit it
 * acts on, so one IPI goes to one hart per process queued. */
static uint64_t idle_harts;
_Static_assert(NCPU <= 64, "idle_harts has a bit per hart");

/* Wake one idle hart, if any, for a process just queued. */
static void wake_idle_hart(void)
{
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint64_t idle = __atomic_load_n(&idle_harts, __ATOMIC_RELAXED);
  for (int id = 0; idle && id < NCPU; id++) {
    uint64_t bit = 1UL << id;
    if (!(idle & bit))
      continue;
    if (__atomic_fetch_and(&idle_harts, ~bit, __ATOMIC_SEQ_CST) & bit) {
      smp_wake(id);
      return;
    }
    idle &= ~bit; /* it woke up by itself meanwhile: try the next */
  }
}

/* Append p to the run queue (caller holds p->lock). Returns true if other
 * processes were already waiting in it. */
static bool enqueue(struct proc *p)
{
  ASSERT(spin_holding(&p->lock) && p->state != PROC_RUNNABLE);
  p->state = PROC_RUNNABLE;
  spin_lock(&runq_lock);
  bool backlog = runq_head != NULL;
  p->runq_next = NULL;
  if (runq_tail)
    runq_tail->runq_next = p;
  else
    __atomic_store_n(&runq_head, p, __ATOMIC_RELEASE);
  runq_tail = p;
  spin_unlock(&runq_lock);
  return backlog;
}

/* When to send an idle hart an IPI for a process just queued:
 *  - not for the caller itself giving up its hart (yield): its own
 *    scheduler takes it again at once if nobody else waits;
 *  - not for what an exiting process wakes (its parent, mostly): this hart
 *    is about to be free, and an IPI and a cold hart cost more than that;
 *  - a new process, only if others already wait: a parent usually forks
 *    and then waits, and its hart runs the child as soon as it sleeps. A
 *    parent that keeps running leaves the child queued at most until its
 *    next tick, which hands waiting work to idle harts (proc_preempt);
 *  - anything else at once (a sleeper's wakeup). */
void proc_set_runnable(struct proc *p)
{
  enqueue(p);
  struct proc *self = proc_current();
  if (p != self && !(self && self->exiting))
    wake_idle_hart();
}

void proc_set_runnable_new(struct proc *p)
{
  if (enqueue(p))
    wake_idle_hart();
}

/* Nothing to run: wait in wfi until an IPI says there is (or, on the boot
 * hart, until the tick). Other harts stop their tick meanwhile, so an idle
 * hart costs the host nothing; the boot hart keeps it for the processes
 * that sleep for a time (proc_sleep_ticks). Interrupts are off from the
 * look at the queue to the wfi, which wakes for a pending interrupt all the
 * same; it is taken when they go back on. */
static void idle_until_work(struct cpu *c)
{
  uint64_t bit = 1UL << c->id;
  bool stop_tick = c->id != 0; /* the boot hart keeps time for the sleepers */
  intr_off();
  __atomic_fetch_or(&idle_harts, bit, __ATOMIC_SEQ_CST);
  if (!__atomic_load_n(&runq_head, __ATOMIC_SEQ_CST)) {
    if (stop_tick)
      timer_stop_hart();
    wfi();
    if (stop_tick)
      timer_restart_hart();
  }
  __atomic_fetch_and(&idle_harts, ~bit, __ATOMIC_SEQ_CST);
  intr_on();
}

/* The first process of the run queue, taken off it; NULL if it is empty. */
static struct proc *runq_take(void)
{
  if (!__atomic_load_n(&runq_head, __ATOMIC_RELAXED))
    return NULL; /* a hint: an empty queue needs no lock */
  spin_lock(&runq_lock);
  struct proc *p = runq_head;
  if (p) {
    runq_head = p->runq_next;
    if (!runq_head)
      runq_tail = NULL;
  }
  spin_unlock(&runq_lock);
  return p;
}

void scheduler(void)
{
  struct cpu *c = this_cpu();
  for (;;) {
    intr_on();
    struct proc *p = runq_take();
    if (!p) {
      idle_until_work(c);
      continue;
    }
    spin_lock(&p->lock);
    /* Only the hart that took it off the queue may run it, and nothing
     * else takes a RUNNABLE process out of that state. */
    ASSERT(p->state == PROC_RUNNABLE);
    run(c, p);
    spin_unlock(&p->lock);
  }
}

void sched(void)
{
  struct proc *p = proc_current();
  struct cpu *c = this_cpu();
  if (!spin_holding(&p->lock))
    panic("sched: %d does not hold its lock", p->pid);
  if (c->irq_off_depth != 1)
    panic("sched: %d holds other locks (depth %d)", p->pid, c->irq_off_depth);
  if (p->state == PROC_RUNNING)
    panic("sched: %d still running", p->pid);
  if (intr_enabled())
    panic("sched: interrupts on");
  /* The interrupt state belongs to this thread, not to the hart. */
  bool were_on = c->irq_were_on;
  switch_context(&p->ctx, &c->scheduler_ctx);
  this_cpu()->irq_were_on = were_on;
}

void proc_yield(void)
{
  struct proc *p = proc_current();
  spin_lock(&p->lock);
  proc_set_runnable(p);
  sched();
  spin_unlock(&p->lock);
}

/* Holding p->lock from before cond_lock is released means a waker, which
 * must take p->lock to wake us, cannot slip in between. The state and the
 * channel are written before cond_lock is released, so a waker (which
 * holds cond_lock) that looks at them without p->lock sees them.
 * A kill that came after the caller's last look at p->killed (kill also
 * takes p->lock) makes this return at once, so a killed process never
 * goes to sleep. */
void proc_sleep(const void *channel, struct spinlock *cond_lock)
{
  struct proc *p = proc_current();
  spin_lock(&p->lock);
  if (p->killed) {
    spin_unlock(&p->lock);
    return;
  }
  p->wait_channel = channel;
  p->state = PROC_SLEEPING;
  spin_unlock(cond_lock);
  sched();
  p->wait_channel = NULL;
  spin_unlock(&p->lock);
  spin_lock(cond_lock);
}

/* The caller holds the lock the sleepers passed to proc_sleep, so every
 * sleeper on `channel` wrote its state and channel before the caller got
 * that lock: a look without p->lock finds them all, and only they cost a
 * lock acquisition. */
void proc_wakeup(const void *channel)
{
  struct proc *self = proc_current();
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    if (p == self || __atomic_load_n(&p->state, __ATOMIC_RELAXED) != PROC_SLEEPING ||
        __atomic_load_n(&p->wait_channel, __ATOMIC_RELAXED) != channel)
      continue;
    spin_lock(&p->lock);
    if (p->state == PROC_SLEEPING && p->wait_channel == channel)
      proc_set_runnable(p);
    spin_unlock(&p->lock);
  }
}

bool proc_self_killed(void)
{
  return proc_killed(proc_current());
}

void proc_before_user_return(void)
{
  if (proc_self_killed())
    proc_exit(-1);
  intr_off();
}

void proc_return_to_user(struct trapframe *tf)
{
  proc_before_user_return();
  trap_exit(tf);
}

void proc_preempt(void)
{
  struct proc *p = proc_current();
  /* Nobody waiting for a hart: nothing to give the turn to. */
  if (!__atomic_load_n(&runq_head, __ATOMIC_RELAXED))
    return;
  wake_idle_hart(); /* work waited a tick: an idle hart should have it */
  if (p && __atomic_load_n(&p->state, __ATOMIC_RELAXED) == PROC_RUNNING)
    proc_yield();
}

/* Tick sleepers wait on tick_sleepers under tick_lock. A tick that falls
 * between a sleeper's time check and its sleep is not lost for good: the
 * next tick wakes it again, so pause() may run one tick long, never hang. */
static struct spinlock tick_lock = SPINLOCK_INIT("ticks");
static int tick_sleepers; /* tick_lock; read without it as a hint */

int proc_sleep_ticks(uint64_t n)
{
  struct proc *p = proc_current();
  uint64_t until = timer_ticks() + n;
  int err = 0;
  spin_lock(&tick_lock);
  tick_sleepers++;
  while (timer_ticks() < until) {
    if (proc_killed(p)) {
      err = -EINTR;
      break;
    }
    proc_sleep(&tick_sleepers, &tick_lock);
  }
  tick_sleepers--;
  spin_unlock(&tick_lock);
  return err;
}

void proc_tick(void)
{
  if (!__atomic_load_n(&tick_sleepers, __ATOMIC_RELAXED))
    return;
  spin_lock(&tick_lock);
  proc_wakeup(&tick_sleepers);
  spin_unlock(&tick_lock);
}
