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

#define HART_START_RETRIES    10000 /* cpu_idle_wait()s, about five seconds */
#define HART_ONLINE_WAIT      20000 /* about ten seconds: QEMU on a busy host is slow */
#define HART_STATUS_EVERY     200   /* cpu_idle_wait()s between HSM status checks, ~0.1 s */
#define HART_START_ATTEMPTS   4     /* hart_starts accepted for one hart, at most */

struct cpu cpus[NCPU];
int cpus_online;

static int halting;                    /* atomic */
static struct spinlock call_lock = SPINLOCK_INIT("smp_call");
static void (*call_fn)(void *);        /* guarded by call_lock */
static void *call_arg;
static int call_remaining;             /* atomic */

/* How a started hart turned out. */
enum arrival {
  HART_ARRIVED,     /* it runs the kernel on its cpu */
  HART_TURNED_AWAY, /* it came in at _entry and was sent back: STOPPED again */
  HART_LATE,        /* neither within HART_ONLINE_WAIT */
};

/* Wait for a hart whose hart_start was accepted. A STOPPED status means it
 * went through _entry's turn_away (the firmware's hart-start window): the
 * kernel stops no hart otherwise, so it never ran on its stack. */
static enum arrival wait_arrival(struct cpu *c)
{
  for (int i = 1; i <= HART_ONLINE_WAIT; i++) {
    if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
      return HART_ARRIVED;
    if (i % HART_STATUS_EVERY == 0 && sbi_hart_get_status(c->hartid) == SBI_HSM_STOPPED)
      return HART_TURNED_AWAY;
    cpu_idle_wait();
  }
  return HART_LATE;
}

/* hart_start, retried for a while as long as the hart exists but is not
 * STOPPED: OpenSBI's own harts may still be starting when we first ask
 * ("already available"), and a hart turned away at _entry answers
 * "already available" (STARTED) or "invalid param" (STOP_PENDING) until
 * its hart_stop is through. Returns 0 or the last SBI error. */
static long start_hart(const struct cpu *c, paddr_t entry_pa)
{
  long err = 0;
  for (int i = 0; i < HART_START_RETRIES; i++) {
    err = sbi_hart_start(c->hartid, entry_pa, (uint64_t)c->id);
    if (err != SBI_ERR_ALREADY_AVAILABLE && err != SBI_ERR_INVALID_PARAM)
      return err;
    if (sbi_hart_get_status(c->hartid) < 0)
      return err; /* no such hart */
    cpu_idle_wait();
  }
  return err;
}

/* Bring hart c->hartid up as cpu c->id. Returns true once a hart_start was
 * accepted: from then on the index and its stack are this hart's, even if
 * it comes up late or not at all. Reusing them for the next hart could put
 * two harts on one stack. A hart turned away at _entry is started again on
 * the same index. */
static bool start_cpu(struct cpu *c, paddr_t entry_pa)
{
  unsigned long hartid = (unsigned long)c->hartid;
  for (int attempt = 0; attempt < HART_START_ATTEMPTS; attempt++) {
    long err = start_hart(c, entry_pa);
    if (err) {
      printf("smp: hart %lu did not start (SBI error %ld)\n", hartid, err);
      return attempt > 0;
    }
    switch (wait_arrival(c)) {
    case HART_ARRIVED:
      return true;
    case HART_LATE:
      printf("smp: hart %lu is slow to start; not waiting for it\n", hartid);
      return true;
    case HART_TURNED_AWAY:
      printf("smp: hart %lu came in at _entry and was sent back; starting it again\n", hartid);
      break;
    }
  }
  printf("smp: hart %lu did not start: turned away %d times\n", hartid, HART_START_ATTEMPTS);
  return true;
}

int smp_start_secondaries(const struct platform *plat)
{
  paddr_t entry_pa = kva_to_pa(_secondary_entry);
  int next = 1;
  for (int i = 0; i < plat->hart_count; i++) {
    uint64_t hartid = plat->harts[i].hartid;
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
    if (start_cpu(c, entry_pa))
      next++;
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

void smp_wake(int cpu_id)
{
  sbi_send_ipi_one(cpus[cpu_id].hartid);
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
