/* The kernel's whole start, in order: from the boot assembly (entry.S) to
 * the first process. Every module's initialization is called from here and
 * nowhere else, so this file is the answer to "in what order does the
 * kernel start?" (docs/architecture.md has the same order with reasons).
 *
 * Command-line words (docs: README "Kernel command line"):
 *   ktest[=NAME,...]   run the in-kernel tests and power off with the verdict
 *   poweroff           power off right after the banner (smoke boot)
 *   init=PROG ARGS...  the first process (default: init); when it exits,
 *                      QEMU exits with its status
 *   cow=table|page|off fork shares leaf tables (table, the default; on is the
 *                      same), pages (page), or copies eagerly (off: the baseline)
 *   failalloc=N        every Nth frame allocation fails (fault injection)
 *   failcow=N          every Nth allocation of fork/COW page work fails
 *   fsmax=N            the file system holds at most N MiB (inodes and
 *                      pages; default: a quarter of RAM)
 *   panic=early|early-trap  test words: panic, or take a kernel page
 *                      fault, right after the command line is read
 * Any other word, or a known word with a malformed value, stops the boot
 * with STATUS_BAD_CMDLINE (cmdline_words below is the one list). */
#include "arch/riscv/addr.h"
#include "arch/riscv/boot.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/power.h"
#include "arch/riscv/smp.h"
#include "arch/riscv/timer.h"
#include "dev/console.h"
#include "dev/plic.h"
#include "dev/uart.h"
#include "fs/bootfs.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "lib/output.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/failpoint.h"
#include "mm/frame.h"
#include "mm/kvm.h"
#include "proc/exec.h"
#include "proc/fork.h"
#include "proc/proc.h"
#include "tests/ktest.h"
#include "trap/trap.h"
#include "uapi/dirent.h"
#include "uapi/fcntl.h"

#define EARLY_MAP_END   ((uint64_t)EARLY_MAP_GIB << 30) /* physical end of the early map */
#define MIB_SHIFT       20
#define FSMAX_DEFAULT_SHARE 4   /* the file system may fill a quarter of RAM */
#define INIT_DEFAULT "init"
#define STATUS_NO_INIT 127
#define STATUS_BAD_CMDLINE 4

/* Every word the kernel understands, with the shape of its value. */
static const struct cmdline_word cmdline_words[] = {
  { "ktest", CMDLINE_FLAG_VALUE, NULL },
  { "poweroff", CMDLINE_FLAG, NULL },
  { "init", CMDLINE_REST, NULL },
  { "cow", CMDLINE_CHOICE, "table|page|off|on" },
  { "failalloc", CMDLINE_NUMBER, NULL },
  { "failcow", CMDLINE_NUMBER, NULL },
  { "fsmax", CMDLINE_NUMBER, NULL },
  { "panic", CMDLINE_CHOICE, "early|early-trap" },
};

extern char _kernel_start[], _kernel_end[], trap_vector[];

/* The machine, as the device tree describes it. Written by the boot hart
 * before any other hart starts; read-only after. */
static struct platform platform;

/* CSR state every hart needs before it takes traps and interrupts. Its
 * timer kind and PLIC context come from its device-tree entry; a hart
 * without one (not expected: only listed harts are started, and OpenSBI
 * boots only one that can run S-mode) gets SBI timers and no device
 * interrupts. */
static void init_hart_csrs(void)
{
  const struct platform_hart *h = platform_find_hart(&platform, this_cpu()->hartid);
  csr_clear(sstatus, SSTATUS_FS | SSTATUS_SUM | SSTATUS_SIE);
  csr_write(scounteren, SCOUNTEREN_CY_TM_IR);
  trap_init_hart();
  timer_init_hart(h && h->sstc);
  plic_init_hart(h ? h->plic_context : PLATFORM_NO_CONTEXT);
}

/* How a word of cmdline_words is written, for the message below. */
static void print_word_form(const struct cmdline_word *w)
{
  switch (w->kind) {
  case CMDLINE_FLAG: printf(" %s", w->name); break;
  case CMDLINE_FLAG_VALUE: printf(" %s[=...]", w->name); break;
  case CMDLINE_NUMBER: printf(" %s=N", w->name); break;
  case CMDLINE_CHOICE: printf(" %s=%s", w->name, w->choices); break;
  case CMDLINE_REST: printf(" %s=PROG [ARGS...]", w->name); break;
  }
}

/* A misspelled word must not boot something else (the shell, waiting for
 * input until a test times out): name it, list the valid ones, stop with
 * STATUS_BAD_CMDLINE. The exit device works from the first instruction. */
static void check_cmdline(void)
{
  bool unknown = false;
  const char *bad = cmdline_check(cmdline_words, ARRAY_SIZE(cmdline_words), &unknown);
  if (!bad)
    return;
  printf("cmdline: %s '%s'; valid words:", unknown ? "unknown word" : "bad value in", bad);
  for (size_t i = 0; i < ARRAY_SIZE(cmdline_words); i++)
    print_word_form(&cmdline_words[i]);
  printf("\n");
  power_off(STATUS_BAD_CMDLINE);
}

/* RAM the early map does not reach is left out, a simple bound that keeps
 * everything touched before kvm_init() (the device tree, the frame
 * metadata, the first frames handed out, which are the lowest) inside the
 * early direct map by construction. Prints how much is ignored. */
static void refuse_ram_beyond_early_map(struct platform *p)
{
  uint64_t ignored = 0;
  int kept = 0;
  for (int i = 0; i < p->ram_count; i++) {
    struct phys_range r = p->ram[i];
    uint64_t base = pa_raw(r.base);
    if (base >= EARLY_MAP_END) {
      ignored += r.size;
      continue;
    }
    if (r.size > EARLY_MAP_END - base) {
      ignored += r.size - (EARLY_MAP_END - base);
      r.size = EARLY_MAP_END - base;
    }
    p->ram[kept++] = r;
  }
  p->ram_count = kept;
  if (ignored)
    printf("boot: ignoring RAM above %d GiB physical (%lu MiB): the early map covers "
           "physical 0-%d GiB (EARLY_MAP_GIB)\n", EARLY_MAP_GIB,
           (unsigned long)(ignored >> MIB_SHIFT), EARLY_MAP_GIB);
}

/* The exit device, if the device tree names one (QEMU virt's sifive,test):
 * one inside the early map takes over at once, one above it once
 * kvm_init() has mapped it (init_devices()). Without one, power_off()
 * exits through semihosting or SBI (arch/riscv/power.c). */
static void init_exit_device(const struct platform *p)
{
  if (p->test_device.size &&
      pa_raw(p->test_device.base) + p->test_device.size <= EARLY_MAP_END)
    power_init(kvm_device_kva(p->test_device.base));
}

/* Test words (tests/CMakeLists.txt): panic=early panics, panic=early-trap
 * takes a kernel page fault, both before the frame allocator and the
 * kernel map exist; either way QEMU must exit with the panic status. */
static void early_panic_for_tests(void)
{
  const char *when = cmdline_value("panic");
  if (!when)
    return;
  if (strcmp(when, "early") == 0)
    panic("start_boot_hart: panic=early on the command line");
  if (strcmp(when, "early-trap") == 0)
    *(volatile uint32_t *)pa_to_kva(pa_make(EARLY_MAP_END)) = 0; /* not mapped yet */
}

/* Devices the kernel drives itself, once the kernel map covers them. */
static void init_devices(void)
{
  if (platform.uart.size && platform.uart_kind != UART_NONE) {
    uart_init(platform.uart_kind, kvm_device_kva(platform.uart.base));
    output_set_sink(uart_putc);
  }
  if (platform.test_device.size)
    power_init(kvm_device_kva(platform.test_device.base));
}

static void mark_online(struct cpu *c)
{
  __atomic_add_fetch(&cpus_online, 1, __ATOMIC_RELEASE);
  __atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
}

static void print_banner(void)
{
  uint64_t ram = 0;
  for (int i = 0; i < platform.ram_count; i++)
    ram += platform.ram[i].size;
  printf("cowkernel %s: %lu MiB RAM at %p, %zu frames free of %zu, "
         "%d harts online (boot hart %lu)\n",
         COWKERNEL_VERSION, (unsigned long)(ram >> 20), (void *)pa_raw(platform.ram[0].base),
         frames_free(), frames_total(), cpus_online,
         (unsigned long)this_cpu()->hartid);
  printf("command line: '%s'; fork: %s\n", cmdline_raw(), fork_policy_name(fork_policy()));
}

/* What the device tree chose (docs/boards.md): the console, the way out,
 * and per hart its timer and PLIC context. Tests match these lines. */
static void print_machine(void)
{
  static const char *const uart_names[] = {
    [UART_NONE] = "none", [UART_NS16550A] = "ns16550a", [UART_SIFIVE] = "sifive,uart0",
  };
  printf("machine: console %s at %p (irq %u); ", uart_names[platform.uart_kind],
         (void *)pa_raw(platform.uart.base), platform.uart_irq);
  if (platform.test_device.size)
    printf("exit device at %p\n", (void *)pa_raw(platform.test_device.base));
  else
    printf("no exit device: semihosting, then SBI\n");
  printf("harts:");
  for (int i = 0; i < platform.hart_count; i++) {
    const struct platform_hart *h = &platform.harts[i];
    printf("%s %lu (timer %s, ", i ? "," : "", (unsigned long)h->hartid,
           h->sstc ? "sstc" : "sbi");
    if (h->plic_context == PLATFORM_NO_CONTEXT)
      printf("no PLIC context)");
    else
      printf("PLIC context %u)", h->plic_context);
  }
  printf("\n");
}

/* pid 1 starts with the console as fds 0, 1 and 2, so that any program
 * can be the first process (init=PROG) and be heard. */
static int open_console_fds(struct proc *p)
{
  int err = 0;
  struct file *f = file_open(NULL, "/console", O_RDWR, &err);
  if (!f)
    return err;
  p->files[0] = f;
  p->files[1] = file_dup(f);
  p->files[2] = file_dup(f);
  return 0;
}

/* Create pid 1 running `path` with `argv`. Returns 0 or a negative errno
 * (nothing is left behind). */
static int start_first_process(const char *path, const char *const argv[])
{
  struct proc *p = proc_alloc();
  if (!p)
    return -ENOMEM;
  p->cwd = inode_get(ROOTINO);
  int err = exec_into(p, path, argv);
  if (!err)
    err = open_console_fds(p);
  if (err) {
    fd_close_all(p->files);
    spin_lock(&p->lock);
    proc_free_embryo(p);
    return err;
  }
  proc_set_init(p);
  proc_make_runnable(p);
  return 0;
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
  int err = start_first_process(path, argv);
  if (err) {
    printf("cannot start init '%s' (error %d)\n", path, err);
    power_off(STATUS_NO_INIT);
  }
}

/* Fault injection spares pid 1: it is the test harness that reports. */
static bool running_pid1(void)
{
  struct proc *p = proc_current();
  return p && p->pid == 1;
}

/* After init exists: injection is for what programs do, not for booting. */
static void arm_fault_injection(void)
{
  failpoint_spare(running_pid1);
  if (cmdline_has("failalloc"))
    failpoint_arm(FAIL_FRAME_ALLOC, cmdline_number("failalloc", 0));
  else if (cmdline_has("failcow"))
    failpoint_arm(FAIL_COW_ALLOC, cmdline_number("failcow", 0));
}

/* The file system's budget in frames: fsmax=N MiB, or a quarter of the
 * frames there are. */
static size_t fs_budget_frames(void)
{
  size_t fallback = frames_total() / FSMAX_DEFAULT_SHARE;
  if (!cmdline_has("fsmax"))
    return fallback;
  /* At least the root directory's frame: fsmax=0 boots with a root that
   * holds nothing (and so no init), rather than panicking. */
  return MAX((size_t)(cmdline_number("fsmax", 0) << (MIB_SHIFT - PAGE_SHIFT)), 1);
}

/* Boot hart, once every hart is up: tests, poweroff or the first process. */
static void __attribute__((noreturn)) kernel_main(void)
{
  fork_init();
  fs_init(fs_budget_frames());
  bootfs_init();
  file_init();
  console_dev_init();
  print_banner();
  print_machine();
  if (cmdline_has("ktest"))
    power_off(ktest_run(cmdline_value("ktest")) == 0 ? 0 : 1);
  if (cmdline_has("poweroff"))
    power_off(0);
  start_init();
  arm_fault_injection();
  scheduler();
}

/* The boot hart, from entry.S: paging is on (the early map), this hart's
 * stack is cpus[0]'s, .bss is clear. Discover the machine, take over memory,
 * bring up devices, processes and the other harts, then kernel_main. */
void start_boot_hart(uint64_t hartid, paddr_t dtb_pa)
{
  struct cpu *c = &cpus[0];
  c->hartid = hartid;
  c->id = 0;
  c->stack_top = (uintptr_t)boot_stacks + BOOT_STACK_SIZE;
  cpu_set_this(c);
  /* Catch our own early faults (firmware left stvec at our entry point). */
  csr_write(sscratch, 0);
  csr_write(stvec, (uint64_t)trap_vector);
  if (fdt_parse(pa_to_kva(dtb_pa), dtb_pa, &platform) != 0)
    panic("start_boot_hart: no device tree at %p", (void *)pa_raw(dtb_pa));
  init_exit_device(&platform);
  refuse_ram_beyond_early_map(&platform);
  cmdline_init(platform.bootargs);
  check_cmdline();
  early_panic_for_tests();
  timer_init(platform.timebase_hz);
  frame_init(&platform, kva_to_pa(_kernel_start), kva_to_pa(_kernel_end));
  kvm_init(&platform);
  kvm_load_hart();
  init_devices();
  /* Kernel stacks are the last kernel mappings: before any other hart or
   * user address space uses the kernel table. */
  proc_init();
  if (platform.plic.size)
    plic_init(kvm_device_kva(platform.plic.base), platform.uart_irq);
  init_hart_csrs();
  mark_online(c);
  smp_start_secondaries(&platform);
  kernel_main();
}

/* Every other hart, from entry.S, with the index smp_start_secondaries()
 * gave it: its own CSRs, then the scheduler. */
void start_secondary_hart(uint64_t hartid, int cpu_index)
{
  struct cpu *c = &cpus[cpu_index];
  cpu_set_this(c);
  kvm_load_hart();
  init_hart_csrs();
  mark_online(c);
  scheduler();
}
