/* Trap dispatch by scause. Kernel-mode exceptions are kernel bugs: they
 * print the registers and panic. */
#include "trap/trap.h"
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

const char *trap_cause_name(uint64_t scause)
{
  static const char *const exceptions[] = {
    [EXC_INSN_MISALIGNED] = "instruction address misaligned",
    [EXC_INSN_ACCESS] = "instruction access fault",
    [EXC_ILLEGAL_INSN] = "illegal instruction",
    [EXC_BREAKPOINT] = "breakpoint",
    [EXC_LOAD_MISALIGNED] = "load address misaligned",
    [EXC_LOAD_ACCESS] = "load access fault",
    [EXC_STORE_MISALIGNED] = "store address misaligned",
    [EXC_STORE_ACCESS] = "store access fault",
    [EXC_ECALL_U] = "ecall from U-mode",
    [EXC_ECALL_S] = "ecall from S-mode",
    [EXC_INSN_PAGE_FAULT] = "instruction page fault",
    [EXC_LOAD_PAGE_FAULT] = "load page fault",
    [EXC_STORE_PAGE_FAULT] = "store page fault",
  };
  uint64_t code = SCAUSE_CODE(scause);
  if (scause & SCAUSE_INTERRUPT) {
    switch (code) {
    case IRQ_S_SOFTWARE: return "supervisor software interrupt";
    case IRQ_S_TIMER: return "supervisor timer interrupt";
    case IRQ_S_EXTERNAL: return "supervisor external interrupt";
    default: return "unknown interrupt";
    }
  }
  if (code < ARRAY_SIZE(exceptions) && exceptions[code])
    return exceptions[code];
  return "unknown exception";
}

static void handle_interrupt(struct trapframe *tf)
{
  switch (SCAUSE_CODE(tf->scause)) {
  case IRQ_S_TIMER:
    timer_handle_tick();
    trap_timer_hook(tf);
    break;
  case IRQ_S_SOFTWARE:
    smp_handle_ipi();
    break;
  case IRQ_S_EXTERNAL:
    trap_external_hook();
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
         trap_cause_name(tf->scause), (unsigned long)tf->scause,
         (unsigned long)tf->sepc, (unsigned long)tf->stval,
         (unsigned long)this_cpu()->hartid);
  printf("trapped at %p\n", (void *)tf->sepc);
  backtrace_from(tf->s0);
  panic("kernel_exception: %s at %p", trap_cause_name(tf->scause), (void *)tf->sepc);
}

void trap_dispatch(struct trapframe *tf)
{
  bool from_user = !(tf->sstatus & SSTATUS_SPP);
  if (tf->scause & SCAUSE_INTERRUPT)
    handle_interrupt(tf);
  else if (!from_user)
    kernel_exception(tf);
  else
    trap_user_exception(tf);
  if (from_user)
    trap_user_return_hook(tf);
}
