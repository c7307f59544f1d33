/* System-call dispatch. Handlers get the six argument registers and return
 * a value or a negative errno; the dispatcher turns every negative result
 * into -1 for user space (the xv6 ABI) and keeps the errno for lasterr().
 * Numbers: include/uapi/syscall.h. */
#ifndef PROC_SYSCALL_H
#define PROC_SYSCALL_H

#include "lib/types.h"
#include "arch/riscv/trapframe.h"

#define SYSCALL_ARGS 6
typedef int64_t (*syscall_fn)(const uint64_t args[SYSCALL_ARGS]);

void syscall_dispatch(struct trapframe *tf);

/* Argument helpers: the ABI passes int for fds and sizes. */
static inline int arg_int(const uint64_t args[], int i) { return (int)args[i]; }

/* File system calls (proc/sys_file.c). */
int64_t sys_read(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_write(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_close(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_dup(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_pipe(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_open(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_fstat(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_chdir(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_mknod(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_unlink(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_link(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_mkdir(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_lasterr(const uint64_t args[SYSCALL_ARGS]);

/* Process and memory calls (proc/sys_proc.c, proc/sys_mem.c). */
int64_t sys_fork(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_exit(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_wait(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_kill(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_exec(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_getpid(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_sbrk(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_pause(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_uptime(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_memstat(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_poweroff(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_procdump(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_vmcheck(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_lockstat(const uint64_t args[SYSCALL_ARGS]);

/* Address-space views (proc/sys_vm.c). */
int64_t sys_vmregions(const uint64_t args[SYSCALL_ARGS]);
int64_t sys_vmpages(const uint64_t args[SYSCALL_ARGS]);

#endif
