/* Process system calls: fork, exit, wait, kill, exec, getpid, pause, uptime,
 * procdump, poweroff. */
#include "proc/syscall.h"
#include "uapi/lockstat.h"
#include "proc/proc.h"
#include "proc/exec.h"
#include "proc/fork.h"
#include "arch/riscv/addr.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "arch/riscv/power.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "lib/printf.h"

int64_t sys_fork(const uint64_t args[SYSCALL_ARGS])
{
  return proc_fork();
}

int64_t sys_exit(const uint64_t args[SYSCALL_ARGS])
{
  proc_exit(arg_int(args, 0));
}

int64_t sys_wait(const uint64_t args[SYSCALL_ARGS])
{
  return proc_wait(args[0]);
}

int64_t sys_kill(const uint64_t args[SYSCALL_ARGS])
{
  return proc_kill(arg_int(args, 0));
}

int64_t sys_getpid(const uint64_t args[SYSCALL_ARGS])
{
  return proc_current()->pid;
}

/* Copy argv (user pointers) into one kernel page: strings packed, the
 * pointer array kept on the stack. */
static int fetch_argv(struct vm_space *vm, vaddr_t uargv, char *page, const char *argv[])
{
  size_t used = 0;
  for (int i = 0;; i++) {
    if (i > MAXARG)
      return -E2BIG;
    uint64_t uarg;
    if (copyin(vm, &uarg, uargv + (uint64_t)i * sizeof(uint64_t), sizeof(uarg)) != 0)
      return -EFAULT;
    if (!uarg) {
      argv[i] = NULL;
      return 0;
    }
    if (i == MAXARG)
      return -E2BIG;
    int64_t len = copyinstr(vm, page + used, uarg, EXEC_ARG_BYTES - used);
    if (len < 0)
      return len == -ENAMETOOLONG ? -E2BIG : (int)len;
    argv[i] = page + used;
    used += (size_t)len + 1;
  }
}

int64_t sys_exec(const uint64_t args[SYSCALL_ARGS])
{
  struct proc *p = proc_current();
  char path[MAXPATH];
  const char *argv[MAXARG + 1];
  if (copyinstr(p->vm, path, args[0], sizeof(path)) < 0)
    return -EFAULT;
  paddr_t page = frame_alloc(FRAME_KERNEL);
  if (pa_is_null(page))
    return -ENOMEM;
  int err = fetch_argv(p->vm, args[1], pa_to_kva(page), argv);
  if (!err)
    err = exec_into(p, path, argv);
  int argc = 0;
  while (!err && argv[argc])
    argc++;
  frame_put(page);
  return err ? err : argc; /* a0 = argc for the new program's main() */
}

/* Sleep for n ticks, or until killed. Wakeups come from timer_tick(). */
int64_t sys_pause(const uint64_t args[SYSCALL_ARGS])
{
  int n = arg_int(args, 0);
  if (n < 0)
    return -EINVAL;
  return proc_sleep_ticks((uint64_t)n);
}

int64_t sys_uptime(const uint64_t args[SYSCALL_ARGS])
{
  return (int64_t)timer_ticks();
}

int64_t sys_procdump(const uint64_t args[SYSCALL_ARGS])
{
  proc_dump();
  return 0;
}

/* lockstat(buf, n): up to n lock classes into buf (n may be 0 to ask how
 * many there are: the count is returned either way, at most n filled). */
int64_t sys_lockstat(const uint64_t args[SYSCALL_ARGS])
{
  int n = arg_int(args, 1);
  if (n < 0)
    return -EINVAL;
  struct lockstat_class classes[LOCKSTAT_CLASSES]; /* 1 KiB of kernel stack */
  int found = lockstat_read(classes, LOCKSTAT_CLASSES);
  int give = MIN(n, found);
  int err = copyout(proc_current()->vm, args[0], classes, (size_t)give * sizeof(classes[0]));
  return err ? err : found;
}

int64_t sys_poweroff(const uint64_t args[SYSCALL_ARGS])
{
  printf("poweroff(%d) from pid %d\n", arg_int(args, 0), proc_current()->pid);
  power_off(arg_int(args, 0));
}
