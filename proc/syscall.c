/* System-call dispatch: a table indexed by the number in a7. */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "lib/errno.h"
#include "uapi/syscall.h"

static const syscall_fn syscalls[] = {
  [SYS_fork] = sys_fork,       [SYS_exit] = sys_exit,       [SYS_wait] = sys_wait,
  [SYS_pipe] = sys_pipe,       [SYS_read] = sys_read,       [SYS_kill] = sys_kill,
  [SYS_exec] = sys_exec,       [SYS_fstat] = sys_fstat,     [SYS_chdir] = sys_chdir,
  [SYS_dup] = sys_dup,         [SYS_getpid] = sys_getpid,   [SYS_sbrk] = sys_sbrk,
  [SYS_pause] = sys_pause,     [SYS_uptime] = sys_uptime,   [SYS_open] = sys_open,
  [SYS_write] = sys_write,     [SYS_mknod] = sys_mknod,     [SYS_unlink] = sys_unlink,
  [SYS_link] = sys_link,       [SYS_mkdir] = sys_mkdir,     [SYS_close] = sys_close,
  [SYS_memstat] = sys_memstat, [SYS_poweroff] = sys_poweroff,
  [SYS_procdump] = sys_procdump, [SYS_vmcheck] = sys_vmcheck,
  [SYS_lasterr] = sys_lasterr, [SYS_vmregions] = sys_vmregions, [SYS_vmpages] = sys_vmpages,
  [SYS_lockstat] = sys_lockstat,
};

void syscall_dispatch(struct trapframe *tf)
{
  uint64_t num = tf->a7;
  const uint64_t args[SYSCALL_ARGS] = { tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5 };
  int64_t ret = -ENOSYS;
  if (num < sizeof(syscalls) / sizeof(syscalls[0]) && syscalls[num])
    ret = syscalls[num](args);
  /* The xv6 ABI knows one error value; lasterr() tells which it was. sbrk
   * returns addresses, which are below 2^38 and so never negative. */
  if (ret < 0)
    proc_current()->last_errno = (int)-ret;
  tf->a0 = ret < 0 ? (uint64_t)-1 : (uint64_t)ret;
}
