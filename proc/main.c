/* What the kernel does once every hart is up. Command-line words:
 *   ktest[=NAME,...]   run the in-kernel tests and power off with the verdict
 *   poweroff           power off right after the banner (smoke boot)
 *   init=PROG ARGS...  the first process (default: init); when it exits,
 *                      QEMU exits with its status
 *   cow=off            fork copies eagerly (the baseline)
 *   failalloc=N        every Nth frame allocation fails (fault injection)
 *   failcow=N          every Nth allocation inside fork/COW page work fails */
#include "proc/kmain.h"
#include "proc/bootfs.h"
#include "proc/console.h"
#include "proc/file.h"
#include "proc/fork.h"
#include "proc/proc.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/power.h"
#include "mm/frame.h"
#include "tests/ktest.h"
#include "lib/cmdline.h"
#include "lib/panic.h"
#include "lib/printf.h"

#define INIT_DEFAULT "init"
#define STATUS_NO_INIT 127

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
  printf("command line: '%s'; fork: %s\n", cmdline_raw(),
         fork_policy() == FORK_COPY_ON_WRITE ? "copy-on-write" : "eager copy (cow=off)");
}

static void start_init(void)
{
  const char *path = cmdline_value("init");
  if (!path || !*path)
    path = INIT_DEFAULT;
  int nargs = 0;
  const char *const *args = cmdline_words_after("init", &nargs);
  const char *argv[CMDLINE_MAX_WORDS + 2] = { path };
  for (int i = 0; i < nargs; i++)
    argv[i + 1] = args[i];
  int err = proc_start_init(path, argv);
  if (err) {
    printf("cannot start init '%s' (error %d)\n", path, err);
    power_off(STATUS_NO_INIT);
  }
}

void kernel_main(void)
{
  fork_init();
  bootfs_init();
  file_init();
  console_dev_init();
  print_banner();
  if (cmdline_has("ktest"))
    power_off(ktest_run(cmdline_value("ktest")) == 0 ? 0 : 1);
  if (cmdline_has("poweroff"))
    power_off(0);
  start_init();
  /* After init exists: injection is for what programs do, not for booting. */
  if (cmdline_has("failalloc"))
    frame_set_fail_every(cmdline_number("failalloc", 0), false);
  else if (cmdline_has("failcow"))
    frame_set_fail_every(cmdline_number("failcow", 0), true);
  scheduler();
}

void kernel_main_secondary(void)
{
  scheduler();
}
