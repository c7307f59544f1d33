/* Trap dispatch by scause: interrupts to their handlers (timer, IPI,
 * PLIC), user exceptions to trap/usertrap.c, and kernel exceptions, which
 * are kernel bugs, to a register dump and a panic. */
#include "trap/trap.h"
#include "trap/usertrap.h"
#include "arch/riscv/scause.h"
#include "dev/plic.h"
#include "proc/proc.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/smp.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/sbi.h"
#include "lib/panic.h"
#include "lib/printf.h"

extern char trap_vector[];

void trap_init_hart(void)
{
  csr_write(stvec, (uint64_t)trap_vector);
  csr_write(sscratch, 0);
  csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

static void handle_interrupt(struct trapframe *tf)
{
  switch (SCAUSE_CODE(tf->scause)) {
  case IRQ_S_TIMER:
    timer_handle_tick();
    proc_tick();
    proc_preempt();
    break;
  case IRQ_S_SOFTWARE:
    smp_handle_ipi();
    break;
  case IRQ_S_EXTERNAL:
    plic_handle();
    break;
  default:
    panic("handle_interrupt: unexpected interrupt, scause %lx",
          (unsigned long)tf->scause);
  }
}

/* Lock-free, tp-free output for a kernel exception: the fault may have
 * come from a broken stack, a wrong tp or a held console lock. */
static void raw_puts(const char *s)
{
  while (*s)
    sbi_console_putchar(*s++);
}

static void raw_hex(const char *name, uint64_t v)
{
  char buf[20];
  for (int i = 0; i < 16; i++)
    buf[i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
  buf[16] = 0;
  raw_puts(name);
  raw_puts(buf);
}

static int exceptions_in_flight; /* atomic */

static void kernel_exception(struct trapframe *tf)
{
  raw_hex("\nkernel exception: scause ", tf->scause);
  raw_hex(" sepc ", tf->sepc);
  raw_hex(" stval ", tf->stval);
  raw_hex("\n  ra ", tf->ra);
  raw_hex(" sp ", tf->sp);
  raw_hex(" tp ", tf->tp);
  raw_hex(" s0 ", tf->s0);
  raw_puts("\n");
  /* A fault while reporting a fault: stop here rather than recurse. */
  if (__atomic_fetch_add(&exceptions_in_flight, 1, __ATOMIC_ACQ_REL) > 0)
    smp_halt_this_hart();
  printf("kernel trap: %s\n  scause %lx sepc %lx stval %lx hart %lu\n",
         scause_name(tf->scause), (unsigned long)tf->scause,
         (unsigned long)tf->sepc, (unsigned long)tf->stval,
         (unsigned long)this_cpu()->hartid);
  printf("trapped at %p\n", (void *)tf->sepc);
  backtrace_from(tf->s0);
  panic("kernel_exception: %s at %p", scause_name(tf->scause), (void *)tf->sepc);
}

void trap_dispatch(struct trapframe *tf)
{
  bool from_user = !(tf->sstatus & SSTATUS_SPP);
  if (tf->scause & SCAUSE_INTERRUPT)
    handle_interrupt(tf);
  else if (!from_user)
    kernel_exception(tf);
  else
    usertrap_exception(tf);
  if (from_user)
    proc_before_user_return();
}
