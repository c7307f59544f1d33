/* Exceptions from user mode. A fault a process cannot recover from kills
 * that process (status -1); the kernel carries on. */
#include "trap/usertrap.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/scause.h"
#include "proc/proc.h"
#include "proc/syscall.h"
#include "lib/printf.h"

static void kill_for_fault(struct proc *p, struct trapframe *tf, enum vm_fault_result why)
{
  printf("pid %d (%s): %s at %p, stval %p%s: killed\n", p->pid, p->name,
         scause_name(tf->scause), (void *)tf->sepc, (void *)tf->stval,
         why == VM_FAULT_OOM ? " (out of memory)" : "");
  proc_set_killed(p);
}

static enum vm_access fault_access(uint64_t code)
{
  if (code == EXC_STORE_PAGE_FAULT)
    return VM_WRITE;
  return code == EXC_INSN_PAGE_FAULT ? VM_EXEC : VM_READ;
}

static bool is_page_fault(uint64_t code)
{
  return code == EXC_LOAD_PAGE_FAULT || code == EXC_STORE_PAGE_FAULT ||
         code == EXC_INSN_PAGE_FAULT;
}

void usertrap_exception(struct trapframe *tf)
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
  if (is_page_fault(code)) {
    enum vm_fault_result r = vm_fault(p->vm, tf->stval, fault_access(code));
    if (r != VM_FAULT_OK)
      kill_for_fault(p, tf, r);
    return;
  }
  intr_on();
  kill_for_fault(p, tf, VM_FAULT_BAD_ACCESS);
}
