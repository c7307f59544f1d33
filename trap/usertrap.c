/* Traps that concern processes: exceptions from user mode (system calls,
 * page faults, everything else), timer preemption and external interrupts.
 * A fault a process cannot recover from kills that process (status -1);
 * the kernel carries on. */
#include "trap/trap.h"
#include "trap/plic.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "lib/printf.h"

static void kill_for_fault(struct proc *p, struct trapframe *tf, int err)
{
  printf("pid %d (%s): %s at %p, stval %p%s: killed\n", p->pid, p->name,
         trap_cause_name(tf->scause), (void *)tf->sepc, (void *)tf->stval,
         err == -12 ? " (out of memory)" : "");
  proc_set_killed(p);
}

static enum vm_access fault_access(uint64_t code)
{
  if (code == EXC_STORE_PAGE_FAULT)
    return VM_WRITE;
  return code == EXC_INSN_PAGE_FAULT ? VM_EXEC : VM_READ;
}

void trap_user_exception(struct trapframe *tf)
{
  struct proc *p = proc_current();
  uint64_t code = SCAUSE_CODE(tf->scause);
  if (code == EXC_ECALL_U) {
    tf->sepc += 4; /* return past the ecall */
    if (proc_killed(p))
      return;
    intr_on();
    syscall_dispatch(tf);
    return;
  }
  /* Page faults are resolved with interrupts still off: the longest case is
   * one 4 KiB copy, shorter than a tick; system calls, which may sleep or
   * run long, turn them on above. */
  if (code == EXC_LOAD_PAGE_FAULT || code == EXC_STORE_PAGE_FAULT ||
      code == EXC_INSN_PAGE_FAULT) {
    int err = vm_fault(p->vm, tf->stval, fault_access(code));
    if (err)
      kill_for_fault(p, tf, err);
    return;
  }
  intr_on();
  kill_for_fault(p, tf, 0);
}

void trap_timer_hook(struct trapframe *tf)
{
  proc_tick();
  struct proc *p = proc_current();
  if (p && __atomic_load_n(&p->state, __ATOMIC_RELAXED) == PROC_RUNNING)
    proc_yield();
}

void trap_external_hook(void)
{
  plic_handle(this_cpu()->hartid);
}
