/* Tests of single-entry boot (arch/riscv/entry.S): a hart that comes in at
 * _entry while the kernel runs (OpenSBI 1.1's hart-start window) must be
 * sent back to the firmware without touching the kernel.
 *
 * The window itself is rare (about 1 boot in 200 on 4 harts), so the test
 * makes the same thing happen on purpose: it HSM-starts a hart the kernel
 * left in firmware at _entry's physical address. Needs such a hart: boot
 * with more harts than NCPU (e.g. --smp 9). Manual for that reason. */
#include "tests/ktest.h"
#include "arch/riscv/boot.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/addr.h"

#define TURN_AWAY_WAIT 20000 /* cpu_idle_wait()s, about ten seconds */
#define HART_ID_SCAN   64    /* hart ids tried; HSM says which exist */
#define NO_HART        (-1L)

static bool runs_kernel(uint64_t hartid)
{
  for (int i = 0; i < NCPU; i++)
    if (__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE) && cpus[i].hartid == hartid)
      return true;
  return false;
}

/* A hart that the kernel left STOPPED in the firmware, or NO_HART. HSM
 * answers an error for hart ids that do not exist, so asking it about each
 * id in turn finds them without the device tree. */
static long spare_hart(void)
{
  for (uint64_t id = 0; id < HART_ID_SCAN; id++)
    if (!runs_kernel(id) && sbi_hart_get_status(id) == SBI_HSM_STOPPED)
      return (long)id;
  return NO_HART;
}

/* Wait until `arrivals` harts have come in at _entry and `hartid` is back
 * in the firmware. Returns whether that happened in time. */
static bool wait_turned_away(uint64_t hartid, int arrivals)
{
  for (int i = 0; i < TURN_AWAY_WAIT; i++) {
    if (__atomic_load_n(&boot_arrivals, __ATOMIC_ACQUIRE) == arrivals &&
        sbi_hart_get_status(hartid) == SBI_HSM_STOPPED)
      return true;
    cpu_idle_wait();
  }
  return false;
}

/* Twice: the second start shows that the first intruder really went back
 * to the firmware (a parked hart would stay STARTED and refuse it). */
KTEST_FLAGS(boot_second_entry_is_turned_away, KTEST_MANUAL)
{
  long hart = spare_hart();
  if (hart == NO_HART)
    ktest_fail(__FILE__, __LINE__, "no hart left in firmware: boot with --smp %d", NCPU + 1);
  KT_ASSERT(hart != NO_HART);
  int online = __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
  int arrivals = __atomic_load_n(&boot_arrivals, __ATOMIC_ACQUIRE);
  KT_EXPECT_EQ(arrivals, 1);
  for (int round = 1; round <= 2; round++) {
    KT_ASSERT(sbi_hart_start((uint64_t)hart, kva_to_pa(_entry), 0) == SBI_SUCCESS);
    KT_EXPECT(wait_turned_away((uint64_t)hart, arrivals + round));
  }
  /* cpus_online lives in .bss: a second boot would have cleared it. */
  KT_EXPECT_EQ(__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE), online);
  KT_EXPECT(!runs_kernel((uint64_t)hart));
}
