/* The process table and the life cycle: allocation, exit, wait, kill.
 * Locks: proc/proc.h. wait_lock guards every p->parent and is what
 * a parent sleeps on in wait(), so no child's exit wakeup can be lost. */
#include "proc/proc.h"
#include "fs/fdtable.h"
#include "fs/inode.h"
#include "mm/kvm.h"
#include "mm/uaccess.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/power.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"

struct proc procs[NPROC];
static struct proc *init_proc;
static int next_pid = 1;                      /* atomic */
static struct spinlock wait_lock = SPINLOCK_INIT("wait");


void proc_init(void)
{
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    spin_init(&p->lock, "proc");
    p->kstack_top = kvm_map_stack(i, KSTACK_PAGES);
    p->tf = (struct trapframe *)(p->kstack_top - sizeof(struct trapframe));
  }
}

/* A new process's first switch lands here, holding p->lock from the
 * scheduler: release it and enter user mode with the registers that fork
 * or exec left in the trap frame. */
static void first_entry(void)
{
  struct proc *p = proc_current();
  spin_unlock(&p->lock);
  proc_return_to_user(p->tf);
}

static void reset_slot(struct proc *p)
{
  p->killed = false;
  p->exiting = false;
  p->exit_status = 0;
  p->wait_channel = NULL;
  p->parent = NULL;
  p->name[0] = 0;
  p->cwd = NULL;
  p->last_errno = 0;
  memset(p->files, 0, sizeof(p->files));
  memset(&p->ctx, 0, sizeof(p->ctx));
  memset(p->tf, 0, sizeof(*p->tf));
  p->ctx.ra = (uint64_t)first_entry;
  p->ctx.sp = (uint64_t)p->tf;   /* the kernel stack grows down from the frame */
}

struct proc *proc_alloc(void)
{
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    spin_lock(&p->lock);
    if (p->state != PROC_UNUSED) {
      spin_unlock(&p->lock);
      continue;
    }
    p->state = PROC_EMBRYO;
    p->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
    spin_unlock(&p->lock);
    reset_slot(p);
    p->vm = vm_create();
    if (!p->vm) {
      spin_lock(&p->lock);
      proc_free_embryo(p);
      return NULL;
    }
    return p;
  }
  return NULL;
}

/* Give the slot back. Called with p->lock held; releases it. The address
 * space must be gone or empty; a working directory still held (an embryo
 * given up) is dropped. */
void proc_free_embryo(struct proc *p)
{
  struct vm_space *vm = p->vm;
  struct inode *cwd = p->cwd;
  p->vm = NULL;
  p->cwd = NULL;
  p->pid = 0;
  p->state = PROC_UNUSED;
  spin_unlock(&p->lock);
  if (vm)
    vm_destroy(vm);
  if (cwd)
    inode_put(cwd);
}

void proc_make_runnable(struct proc *p)
{
  spin_lock(&p->lock);
  proc_set_runnable_new(p);
  spin_unlock(&p->lock);
}

void proc_set_init(struct proc *p)
{
  init_proc = p;
}

void proc_set_killed(struct proc *p)
{
  spin_lock(&p->lock);
  __atomic_store_n(&p->killed, true, __ATOMIC_RELEASE);
  spin_unlock(&p->lock);
}

/* Hand p's children to init. Caller holds wait_lock. */
static void reparent_children(struct proc *p)
{
  for (int i = 0; i < NPROC; i++)
    if (procs[i].parent == p) {
      procs[i].parent = init_proc;
      proc_wakeup(init_proc);
    }
}

void proc_exit(int status)
{
  struct proc *p = proc_current();
  if (p == init_proc) {
    printf("init exited with status %d: powering off\n", status);
    power_off(status);
  }
  fd_close_all(p->files);
  struct inode *cwd = p->cwd;
  p->cwd = NULL;
  inode_put(cwd);   /* frees a removed working directory */
  /* Leave the address space before freeing it: no hart may run on a freed
   * root table. Clear p->vm first: if a timer preempts us after that, the
   * scheduler resumes us on the kernel table, not on the dying one. */
  spin_lock(&p->lock);
  struct vm_space *vm = p->vm;
  p->vm = NULL;
  spin_unlock(&p->lock);
  vm_deactivate();
  vm_destroy(vm);

  spin_lock(&wait_lock);
  p->exiting = true; /* the parent it wakes may take this hart (sched.c) */
  reparent_children(p);
  proc_wakeup(p->parent);
  spin_lock(&p->lock);
  p->exit_status = status;
  p->state = PROC_ZOMBIE;
  spin_unlock(&wait_lock);
  sched();
  panic("proc_exit: zombie %d ran again", p->pid);
}

/* Reap a zombie child: returns its pid and status. Caller holds wait_lock
 * and child->lock; the slot is free afterwards. */
static int reap(struct proc *child, int *status)
{
  int pid = child->pid;
  *status = child->exit_status;
  child->parent = NULL;
  proc_free_embryo(child); /* releases child->lock; vm is already gone */
  return pid;
}

/* One pass over the table: reap a zombie child if there is one. Returns its
 * pid, 0 if children exist but none has exited, -ECHILD if there are none. */
static int try_reap(struct proc *parent, int *status)
{
  bool have_children = false;
  for (int i = 0; i < NPROC; i++) {
    struct proc *c = &procs[i];
    if (c->parent != parent)
      continue;
    have_children = true;
    spin_lock(&c->lock);
    if (c->state == PROC_ZOMBIE)
      return reap(c, status);
    spin_unlock(&c->lock);
  }
  return have_children ? 0 : -ECHILD;
}

/* The status word is made writable before any child is reaped: reaping
 * frees the slot, so a copyout failing after it would lose the child's
 * pid and status for good. copyout_prepare() may fault in or copy a page,
 * so it runs before wait_lock is taken; nothing can undo it meanwhile
 * (only this process changes its own mappings, and it is here), so the
 * copyout after the reap cannot fail. */
int proc_wait(vaddr_t status_uva)
{
  struct proc *p = proc_current();
  int status = 0, pid;
  if (status_uva && copyout_prepare(p->vm, status_uva, sizeof(status)) != 0)
    return -EFAULT;
  spin_lock(&wait_lock);
  for (;;) {
    pid = try_reap(p, &status);
    if (pid != 0)
      break;
    if (proc_killed(p)) {
      pid = -EINTR;
      break;
    }
    proc_sleep(p, &wait_lock);
  }
  spin_unlock(&wait_lock);
  /* Copy out with no lock held (copyout takes the vm lock). */
  if (pid > 0 && status_uva && copyout(p->vm, status_uva, &status, sizeof(status)) != 0)
    panic("proc_wait: status of pid %d lost after copyout_prepare", pid);
  return pid;
}

int proc_kill(int pid)
{
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    spin_lock(&p->lock);
    if (p->pid == pid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO) {
      __atomic_store_n(&p->killed, true, __ATOMIC_RELEASE);
      if (p->state == PROC_SLEEPING)
        proc_set_runnable(p);
      spin_unlock(&p->lock);
      return 0;
    }
    spin_unlock(&p->lock);
  }
  return -ESRCH;
}

/* proc_lock_vm: the target's proc lock pins p->vm (exit and exec change it
 * only under that lock, and destroy the old vm after), so the vm lock is
 * taken before the proc lock is let go: the order of docs/architecture.md,
 * proc lock before vm lock. */
struct vm_space *proc_lock_vm(int pid)
{
  if (pid == 0)
    pid = proc_current()->pid;
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    spin_lock(&p->lock);
    bool live = p->pid == pid && p->state != PROC_UNUSED && p->state != PROC_EMBRYO;
    struct vm_space *vm = live ? p->vm : NULL;
    if (vm)
      spin_lock(&vm->lock);
    spin_unlock(&p->lock);
    if (live)
      return vm;
  }
  return NULL;
}

void proc_dump(void)
{
  static const char *const names[] = {
    [PROC_UNUSED] = "unused", [PROC_EMBRYO] = "embryo", [PROC_RUNNABLE] = "runnable",
    [PROC_RUNNING] = "running", [PROC_SLEEPING] = "sleeping", [PROC_ZOMBIE] = "zombie",
  };
  printf("PID   STATE     NAME\n");
  for (int i = 0; i < NPROC; i++) {
    struct proc *p = &procs[i];
    enum proc_state st = __atomic_load_n(&p->state, __ATOMIC_RELAXED);
    if (st != PROC_UNUSED)
      printf("%-5d %-9s %s%s\n", p->pid, names[st], p->name,
             __atomic_load_n(&p->killed, __ATOMIC_RELAXED) ? " (killed)" : "");
  }
}

void proc_set_parent(struct proc *child, struct proc *parent)
{
  spin_lock(&wait_lock);
  child->parent = parent;
  spin_unlock(&wait_lock);
}
