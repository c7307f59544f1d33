/* panic() and backtraces. */
#include <stdarg.h>
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/output.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/smp.h"
#include "arch/riscv/power.h"
#include "arch/riscv/layout.h"

#define BACKTRACE_MAX_FRAMES 24
#define KERNEL_STACK_SPAN    (64 * 1024) /* no kernel frame is larger */

static int panicking; /* atomic */

/* RISC-V frame record: ra at fp-8, caller's fp at fp-16. Stops at anything
 * that does not look like a kernel stack address going upwards. */
void backtrace_from(uint64_t fp)
{
  printf("backtrace:\n");
  for (int i = 0; i < BACKTRACE_MAX_FRAMES; i++) {
    if (fp < KERNEL_DIRECT_MAP || (fp & 7))
      break;
    uint64_t ra = ((uint64_t *)fp)[-1];
    uint64_t next = ((uint64_t *)fp)[-2];
    if (ra < KERNEL_DIRECT_MAP)
      break;
    printf("  %p\n", (void *)(ra - 4));
    if (next <= fp || next - fp > KERNEL_STACK_SPAN)
      break;
    fp = next;
  }
}

void backtrace(void)
{
  backtrace_from(read_fp());
}

void panic(const char *fmt, ...)
{
  intr_off();
  if (__atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL))
    smp_halt_this_hart(); /* another hart is already reporting */
  smp_stop_others();
  console_force_unlocked();
  va_list ap;
  va_start(ap, fmt);
  printf("\npanic (hart %lu): ", (unsigned long)this_cpu()->hartid);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  backtrace();
  power_off(POWER_STATUS_PANIC);
}
