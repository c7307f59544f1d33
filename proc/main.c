/* What the kernel does once every hart is up. Command-line words:
 *   ktest[=NAME,...]  run the in-kernel tests and power off with the verdict
 *   poweroff          power off right after the banner (smoke boot) */
#include "proc/kmain.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/power.h"
#include "mm/frame.h"
#include "mm/pagetable.h"
#include "trap/trap.h"
#include "tests/ktest.h"
#include "lib/cmdline.h"
#include "lib/panic.h"
#include "lib/printf.h"

static void print_banner(void)
{
  uint64_t ram = 0;
  for (int i = 0; i < platform.ram_count; i++)
    ram += platform.ram[i].size;
  printf("cowkernel %s: %lu MiB RAM at %p, %zu frames free of %zu, "
         "%d harts online (boot hart %lu)\n",
         COWKERNEL_VERSION, (unsigned long)(ram >> 20), (void *)platform.ram[0].base,
         frames_free(), frames_total(), cpus_online,
         (unsigned long)this_cpu()->hartid);
  printf("command line: '%s'\n", cmdline_raw());
}

static void idle_forever(void)
{
  intr_on();
  for (;;)
    cpu_idle_wait();
}

void kernel_main(void)
{
  print_banner();
  if (cmdline_has("ktest"))
    power_off(ktest_run(cmdline_value("ktest")) == 0 ? 0 : 1);
  if (cmdline_has("poweroff"))
    power_off(0);
  printf("no init yet: idling (Ctrl-A X quits QEMU)\n");
  idle_forever();
  __builtin_unreachable();
}

void kernel_main_secondary(void)
{
  idle_forever();
  __builtin_unreachable();
}

/* Placeholders until processes exist. */
void trap_timer_hook(struct trapframe *tf) {}
void trap_external_hook(void) {}
void trap_user_exception(struct trapframe *tf)
{
  panic("trap_user_exception: no user mode yet (scause %lx)", (unsigned long)tf->scause);
}
