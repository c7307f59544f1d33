/* SMP bring-up through SBI HSM, and cross-hart calls through SBI IPIs.
 * Locks: call_lock serializes smp_call_all(); no other lock is held with it
 * (docs/architecture.md). */
#include "arch/riscv/smp.h"
#include "arch/riscv/boot.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/addr.h"
#include "lib/spinlock.h"
#include "lib/printf.h"

#define HART_START_RETRIES    2000  /* cpu_idle_wait()s, about a second */
#define HART_ONLINE_WAIT      20000 /* about ten seconds: QEMU on a busy host is slow */

struct cpu cpus[NCPU];
int cpus_online;

static int halting;                    /* atomic */
static struct spinlock call_lock = SPINLOCK_INIT("smp_call");
static void (*call_fn)(void *);        /* guarded by call_lock */
static void *call_arg;
static int call_remaining;             /* atomic */

static bool wait_online(struct cpu *c)
{
  for (int i = 0; i < HART_ONLINE_WAIT; i++) {
    if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
      return true;
    cpu_idle_wait();
  }
  return false;
}

/* OpenSBI's other harts may still be finishing their own start-up when we
 * ask (hart_start then answers "already available"): retry for a while. */
static long start_hart(uint64_t hartid, paddr_t entry_pa, int index)
{
  long err = SBI_ERR_ALREADY_AVAILABLE;
  for (int i = 0; i < HART_START_RETRIES && err == SBI_ERR_ALREADY_AVAILABLE; i++) {
    err = sbi_hart_start(hartid, entry_pa, (uint64_t)index);
    if (err == SBI_ERR_ALREADY_AVAILABLE)
      cpu_idle_wait();
  }
  return err;
}

int smp_start_secondaries(const struct platform *plat)
{
  paddr_t entry_pa = kva_to_pa(_secondary_entry);
  int next = 1;
  for (int i = 0; i < plat->hart_count; i++) {
    uint64_t hartid = plat->hart_ids[i];
    if (hartid == cpus[0].hartid)
      continue;
    if (next >= NCPU) {
      printf("smp: hart %lu left in firmware (NCPU is %d)\n", (unsigned long)hartid, NCPU);
      continue;
    }
    struct cpu *c = &cpus[next];
    c->hartid = hartid;
    c->id = next;
    c->stack_top = (uintptr_t)boot_stacks + (uintptr_t)(next + 1) * BOOT_STACK_SIZE;
    long err = start_hart(hartid, entry_pa, next);
    if (err) {
      printf("smp: hart %lu did not start (SBI error %ld)\n", (unsigned long)hartid, err);
      continue;
    }
    /* Accepted: this index and its stack are the hart's from now on, even
     * if it comes up late. Reusing them for the next hart would put two
     * harts on one stack. */
    next++;
    if (!wait_online(c))
      printf("smp: hart %lu is slow to start; not waiting for it\n", (unsigned long)hartid);
  }
  return __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
}

static void send_ipi_to_others(void)
{
  struct cpu *self = this_cpu();
  for (int i = 0; i < NCPU; i++)
    if (&cpus[i] != self && __atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
      sbi_send_ipi_one(cpus[i].hartid);
}

void smp_call_all(void (*fn)(void *), void *arg)
{
  spin_lock(&call_lock);
  call_fn = fn;
  call_arg = arg;
  int others = 0;
  for (int i = 0; i < NCPU; i++)
    if (&cpus[i] != this_cpu() && __atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE)) {
      __atomic_store_n(&cpus[i].call_pending, 1, __ATOMIC_RELEASE);
      others++;
    }
  __atomic_store_n(&call_remaining, others, __ATOMIC_RELEASE);
  send_ipi_to_others();
  fn(arg);
  while (__atomic_load_n(&call_remaining, __ATOMIC_ACQUIRE))
    cpu_idle_wait();
  spin_unlock(&call_lock);
}

void smp_handle_ipi(void)
{
  csr_clear(sip, SIE_SSIE);
  if (__atomic_load_n(&halting, __ATOMIC_ACQUIRE))
    smp_halt_this_hart();
  struct cpu *c = this_cpu();
  if (__atomic_exchange_n(&c->call_pending, 0, __ATOMIC_ACQ_REL)) {
    call_fn(call_arg);
    __atomic_sub_fetch(&call_remaining, 1, __ATOMIC_ACQ_REL);
  }
}

void smp_stop_others(void)
{
  __atomic_store_n(&halting, 1, __ATOMIC_RELEASE);
  send_ipi_to_others();
}

void smp_halt_this_hart(void)
{
  intr_off();
  for (;;)
    wfi();
}
