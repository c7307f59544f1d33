/* System-call stubs: the syscall number goes in a7, the arguments are
 * already in a0..a5 by the C calling convention, and the kernel leaves the
 * result in a0 (-1 on error). Numbers come from kernel/syscall.h. */
#include "kernel/syscall.h"

/* SYSCALL name, number: `name(...)` traps with a7 = number and returns. */
.macro SYSCALL name, number
  .section .text.\name, "ax", @progbits
  .globl \name
  .type \name, @function
\name:
  li a7, \number
  ecall
  ret
  .size \name, . - \name
.endm

/* SBRK name, type: `char *name(int n)` is sbrk(n, type). */
.macro SBRK name, type
  .section .text.\name, "ax", @progbits
  .globl \name
  .type \name, @function
\name:
  li a1, \type
  li a7, SYS_sbrk
  ecall
  ret
  .size \name, . - \name
.endm

SYSCALL fork,     SYS_fork
SYSCALL wait,     SYS_wait
SYSCALL pipe,     SYS_pipe
SYSCALL read,     SYS_read
SYSCALL kill,     SYS_kill
SYSCALL exec,     SYS_exec
SYSCALL fstat,    SYS_fstat
SYSCALL chdir,    SYS_chdir
SYSCALL dup,      SYS_dup
SYSCALL getpid,   SYS_getpid
SYSCALL sys_sbrk, SYS_sbrk
SYSCALL pause,    SYS_pause
SYSCALL sleep,    SYS_sleep
SYSCALL uptime,   SYS_uptime
SYSCALL open,     SYS_open
SYSCALL write,    SYS_write
SYSCALL mknod,    SYS_mknod
SYSCALL unlink,   SYS_unlink
SYSCALL link,     SYS_link
SYSCALL mkdir,    SYS_mkdir
SYSCALL close,    SYS_close
SYSCALL memstat,  SYS_memstat
SYSCALL poweroff, SYS_poweroff
SYSCALL procdump, SYS_procdump
SYSCALL vmcheck,  SYS_vmcheck
SYSCALL lasterr,  SYS_lasterr
SYSCALL vmregions, SYS_vmregions
SYSCALL vmpages,  SYS_vmpages
SYSCALL lockstat, SYS_lockstat

SBRK sbrk,     SBRK_EAGER
SBRK sbrklazy, SBRK_LAZY

/* exit is declared noreturn, so callers may leave nothing valid after the
 * call: if the kernel ever returned, trap again rather than fall through. */
  .section .text.exit, "ax", @progbits
  .globl exit
  .type exit, @function
exit:
  li a7, SYS_exit
1:
  ecall
  j 1b
  .size exit, . - exit
