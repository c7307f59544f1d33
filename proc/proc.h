/* Processes: the table, their life cycle, the scheduler.
 *
 * Locks: each proc's lock guards the fields tagged "lock" below; wait_lock
 * (proc.c) guards every p->parent. Their place in the kernel's one lock
 * order is in docs/architecture.md: in short, condition locks come before
 * proc locks (proc_sleep takes the sleeper's lock while holding its
 * condition lock), and no proc lock is held while taking a vm lock or
 * across a copyin/copyout. */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include "lib/types.h"
#include "lib/spinlock.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/trapframe.h"
#include "mm/vm.h"
#include "proc/sched.h"
#include "uapi/limits.h"

#define PROC_NAME_MAX 16
#define KSTACK_PAGES  4

enum proc_state {
  PROC_UNUSED,
  PROC_EMBRYO,     /* being created: not yet runnable */
  PROC_RUNNABLE,
  PROC_RUNNING,
  PROC_SLEEPING,
  PROC_ZOMBIE,
};

struct file;
struct inode;

struct proc {
  struct spinlock lock;
  /* lock: */
  enum proc_state state;
  const void *wait_channel;  /* what a SLEEPING process waits for */
  bool killed;
  int exit_status;
  int pid;
  /* runq_lock (sched.c): */
  struct proc *runq_next;    /* the next RUNNABLE process in the run queue */
  /* wait_lock (proc.c): */
  struct proc *parent;
  /* Owned by the process itself (or its creator before it runs): */
  uintptr_t kstack_top;      /* fixed per slot, guard page below */
  struct trapframe *tf;      /* top of the kernel stack */
  struct context ctx;        /* switch_context() target */
  struct vm_space *vm;
  struct file *files[NOFILE];
  struct inode *cwd;         /* working directory: a reference (fs/inode.h) */
  int last_errno;            /* the last failed system call's errno (lasterr) */
  bool exiting;              /* in proc_exit: its hart is about to be free */
  char name[PROC_NAME_MAX];
};

/* The process running on this hart, or NULL. One load relative to tp, so
 * there is no window for a preemption between finding this hart and reading
 * its process: if the thread moves, tp moves with it (switch_context leaves
 * tp alone; it belongs to the hart). */
static inline struct proc *proc_current(void)
{
  struct proc *p;
  __asm__ volatile("ld %0, %1(tp)" : "=r"(p) : "i"(__builtin_offsetof(struct cpu, current)));
  return p;
}

/* Boot: set up the table and every slot's kernel stack. */
void proc_init(void);
/* Make p the process that adopts orphans and whose exit powers off
 * (pid 1, created by init/main.c). */
void proc_set_init(struct proc *p);

/* A fresh EMBRYO process with a pid, an empty vm and a kernel stack whose
 * first run enters user mode with the registers in p->tf (fill them in
 * before proc_make_runnable). Returned without p->lock held: an EMBRYO is
 * invisible to the scheduler. NULL if the table or memory is full. */
struct proc *proc_alloc(void);
/* Undo proc_alloc() (called with p->lock held; releases it). */
void proc_free_embryo(struct proc *p);
/* Make an EMBRYO runnable (takes and releases p->lock). */
void proc_make_runnable(struct proc *p);

/* Fork the current process. Returns the child's pid or a negative errno. */
int proc_fork(void);
/* Terminate the current process with `status`. */
void proc_exit(int status) __attribute__((noreturn));
/* Wait for a child to exit; its status is copied out to user address
 * `status_uva` unless 0. Returns the child's pid, -ECHILD if there are no
 * children, -EINTR if the caller was killed, or -EFAULT for a bad status
 * pointer: that is checked first, and no child is reaped, so a later wait
 * still collects it (as in xv6). */
int proc_wait(vaddr_t status_uva);
/* Mark pid killed; a sleeping victim is woken. Returns 0 or -ESRCH. */
int proc_kill(int pid);
/* Lock and return the address space of process pid (0: the caller), so
 * that it can be read (mm/vminfo.h); the caller unlocks vm->lock. NULL if
 * there is no such process or it has none (a zombie, one being created). */
struct vm_space *proc_lock_vm(int pid);
/* Set under p->lock, read without it: a stale false only delays the exit
 * to the next check, which every sleep loop and return to user makes
 * (and proc_sleep re-checks under the lock). */
static inline bool proc_killed(struct proc *p)
{
  return __atomic_load_n(&p->killed, __ATOMIC_ACQUIRE);
}
void proc_set_killed(struct proc *p);

/* Record the parent (under wait_lock) of a new child. */
void proc_set_parent(struct proc *child, struct proc *parent);
/* Sleep for n clock ticks. Returns 0, or -EINTR if killed meanwhile. */
int proc_sleep_ticks(uint64_t n);
/* From every hart's timer tick: wake the tick sleepers. */
void proc_tick(void);

/* Give up the hart. */
void proc_yield(void);
/* From the timer interrupt: if a process is running on this hart, let the
 * others have a turn. */
void proc_preempt(void);

/* p becomes RUNNABLE and joins the end of the run queue, and an idle hart
 * is woken for it when that pays (sched.c says when). Caller holds
 * p->lock; p was not RUNNABLE. proc_set_runnable_new: for a process that
 * never ran (proc_make_runnable). */
void proc_set_runnable(struct proc *p);
void proc_set_runnable_new(struct proc *p);
/* Per-hart scheduler loop: never returns. */
void scheduler(void) __attribute__((noreturn));
/* Switch from the current process to this hart's scheduler (p->lock held). */
void sched(void);

/* Last stop before user mode, after any trap from it: a killed process
 * exits here; otherwise interrupts go off for the return (trap_exit). */
void proc_before_user_return(void);
/* A process's way to user mode outside a trap (its first run): the check
 * above, then the registers in tf. */
void proc_return_to_user(struct trapframe *tf) __attribute__((noreturn));

#endif
