/* int semihost_call(long op, const void *arg, long *result): see semihost.h.
 *
 * The RISC-V semihosting spec marks a call by three uncompressed
 * instructions, `slli x0, x0, 0x1f; ebreak; srai x0, x0, 7`, which a host
 * only recognizes within one page: they are 16-byte aligned here so they
 * never straddle one. Where no host answers, the ebreak raises a breakpoint
 * exception, which OpenSBI delegates to S-mode: stvec points at
 * `no_host` for the duration, so that trap lands here and the call
 * reports -1 instead of reaching the kernel's trap handler. */
  .section .text
  .globl semihost_call
semihost_call:
  csrrci t3, sstatus, 2         /* interrupts off (SIE); t3 keeps the old value */
  csrr  t1, stvec
  lla   t0, no_host
  csrw  stvec, t0
  mv    t2, a2
  .option push
  .option norvc
  .balign 16
  slli  x0, x0, 0x1f
  ebreak
  srai  x0, x0, 7
  .option pop
  csrw  stvec, t1
  csrw  sstatus, t3
  sd    a0, 0(t2)
  li    a0, 0
  ret

  .balign 4                     /* stvec's mode bits: direct */
no_host:
  csrw  stvec, t1
  csrw  sstatus, t3
  li    a0, -1
  ret
