/* System call numbers: the xv6 ABI (1..21) plus cowkernel extensions (22..).
 * Shared by the kernel and user space (user/include/kernel/syscall.h re-exports
 * them under xv6's name); see docs/syscalls.md. */
#ifndef UAPI_SYSCALL_H
#define UAPI_SYSCALL_H

#define SYS_fork     1
#define SYS_exit     2
#define SYS_wait     3
#define SYS_pipe     4
#define SYS_read     5
#define SYS_kill     6
#define SYS_exec     7
#define SYS_fstat    8
#define SYS_chdir    9
#define SYS_dup     10
#define SYS_getpid  11
#define SYS_sbrk    12
#define SYS_pause   13
#define SYS_sleep   SYS_pause
#define SYS_uptime  14
#define SYS_open    15
#define SYS_write   16
#define SYS_mknod   17
#define SYS_unlink  18
#define SYS_link    19
#define SYS_mkdir   20
#define SYS_close   21

/* cowkernel extensions */
#define SYS_memstat  22 /* int memstat(struct memstat *st) */
#define SYS_poweroff 23 /* int poweroff(int status): does not return */
#define SYS_procdump 24 /* int procdump(void): process list on the console */
#define SYS_vmcheck  25 /* int vmcheck(void): 0 when the frame/PTE invariants hold */
#define SYS_lasterr  26 /* int lasterr(void): errno (uapi/errno.h) of the caller's
                           last failed system call, 0 if none has failed */
#define SYS_vmregions 27 /* int vmregions(int pid, uint64 from, struct vmregion *buf, int n) */
#define SYS_vmpages   28 /* int vmpages(int pid, uint64 from, struct vmpage *buf, int n) */
#define SYS_lockstat 29 /* int lockstat(struct lockstat_class *buf, int n): lock
                            statistics by class (uapi/lockstat.h); returns how many */

/* sbrk's second argument */
#define SBRK_EAGER 1 /* map and zero the pages now */
#define SBRK_LAZY  2 /* map them on first touch */

#endif
