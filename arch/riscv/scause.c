/* scause names (privileged spec 1.12, table 4.2). */
#include "arch/riscv/scause.h"
#include "arch/riscv/csr.h"

static const char *const exception_names[] = {
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

static const char *interrupt_name(uint64_t code)
{
  switch (code) {
  case IRQ_S_SOFTWARE: return "supervisor software interrupt";
  case IRQ_S_TIMER: return "supervisor timer interrupt";
  case IRQ_S_EXTERNAL: return "supervisor external interrupt";
  default: return "unknown interrupt";
  }
}

const char *scause_name(uint64_t scause)
{
  uint64_t code = SCAUSE_CODE(scause);
  if (scause & SCAUSE_INTERRUPT)
    return interrupt_name(code);
  if (code < ARRAY_SIZE(exception_names) && exception_names[code])
    return exception_names[code];
  return "unknown exception";
}
