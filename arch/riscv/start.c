/* From the boot assembly to kernel_main(): per-hart setup in the order the
 * hardware needs it. The boot hart discovers the machine; the others only
 * set up their own CSRs. */
#include "arch/riscv/boot.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/power.h"
#include "arch/riscv/smp.h"
#include "arch/riscv/timer.h"
#include "arch/riscv/uart.h"
#include "mm/addr.h"
#include "mm/frame.h"
#include "mm/kvm.h"
#include "trap/trap.h"
#include "lib/cmdline.h"
#include "lib/panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "proc/kmain.h"
#include "proc/proc.h"
#include "trap/plic.h"

#define EARLY_MAP_LIMIT ((paddr_t)EARLY_MAP_GIB << 30) /* end of the early direct map */
#define MIB_SHIFT       20

extern char _kernel_start[], _kernel_end[], trap_vector[];

struct platform platform;

static void set_this_cpu(struct cpu *c)
{
  __asm__ volatile("mv tp, %0" :: "r"(c));
}

/* CSR state every hart needs before it takes traps. */
static void init_hart_csrs(void)
{
  csr_clear(sstatus, SSTATUS_FS | SSTATUS_SUM | SSTATUS_SIE);
  csr_write(scounteren, SCOUNTEREN_CY_TM_IR);
  trap_init_hart();
  timer_init_hart();
  if (platform.plic.size)
    plic_init_hart(this_cpu()->hartid);
}

/* RAM the early map does not reach is left out: frame_init() writes every
 * free frame through the early direct map, so a frame above it would fault
 * before the kernel map exists. Prints how much is ignored. */
static void refuse_ram_beyond_early_map(struct platform *p)
{
  uint64_t ignored = 0;
  int kept = 0;
  for (int i = 0; i < p->ram_count; i++) {
    struct phys_range r = p->ram[i];
    if (r.base >= EARLY_MAP_LIMIT) {
      ignored += r.size;
      continue;
    }
    if (r.size > EARLY_MAP_LIMIT - r.base) {
      ignored += r.size - (EARLY_MAP_LIMIT - r.base);
      r.size = EARLY_MAP_LIMIT - r.base;
    }
    p->ram[kept++] = r;
  }
  p->ram_count = kept;
  if (ignored)
    printf("boot: ignoring RAM above %d GiB physical (%lu MiB): the early map covers "
           "physical 0-%d GiB (EARLY_MAP_GIB)\n", EARLY_MAP_GIB,
           (unsigned long)(ignored >> MIB_SHIFT), EARLY_MAP_GIB);
}

/* The exit device: QEMU's default address unless the device tree names
 * another. power_off() already uses the default; a named device inside the
 * early map takes over at once, one above it once kvm_init() has mapped it
 * (init_devices()). */
static void init_exit_device(struct platform *p)
{
  if (!p->test_device.size)
    p->test_device = (struct phys_range){ POWER_TEST_DEFAULT_PA, PAGE_SIZE };
  if (p->test_device.base + p->test_device.size <= EARLY_MAP_LIMIT)
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
    *(volatile uint32_t *)pa_to_kva(EARLY_MAP_LIMIT) = 0; /* not mapped yet */
}

static void init_devices(void)
{
  if (platform.uart.size)
    uart_init(kvm_device_kva(platform.uart.base));
  power_init(kvm_device_kva(platform.test_device.base));
}

void start_boot_hart(uint64_t hartid, paddr_t dtb_pa)
{
  struct cpu *c = &cpus[0];
  c->hartid = hartid;
  c->id = 0;
  c->stack_top = (uintptr_t)boot_stacks + BOOT_STACK_SIZE;
  set_this_cpu(c);
  /* Catch our own early faults (firmware left stvec at our entry point). */
  csr_write(sscratch, 0);
  csr_write(stvec, (uint64_t)trap_vector);
  if (fdt_parse(pa_to_kva(dtb_pa), dtb_pa, &platform) != 0)
    panic("start_boot_hart: no device tree at %p", (void *)dtb_pa);
  init_exit_device(&platform);
  refuse_ram_beyond_early_map(&platform);
  cmdline_init(platform.bootargs);
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
  __atomic_add_fetch(&cpus_online, 1, __ATOMIC_RELEASE);
  __atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
  smp_start_secondaries(&platform);
  kernel_main();
}

void start_secondary_hart(uint64_t hartid, int cpu_index)
{
  struct cpu *c = &cpus[cpu_index];
  set_this_cpu(c);
  kvm_load_hart();
  init_hart_csrs();
  __atomic_add_fetch(&cpus_online, 1, __ATOMIC_RELEASE);
  __atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
  kernel_main_secondary();
}
