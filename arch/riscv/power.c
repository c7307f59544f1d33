/* Ending the machine with a status QEMU can pass on (docs/booting.md,
 * "Ending"). No device address is assumed; in order:
 *   1. an exit device the device tree names (sifive,test0: QEMU virt): a
 *      32-bit store of 0x5555 exits 0, (code << 16) | 0x3333 exits `code`;
 *   2. a semihosting exit (QEMU with semihosting on: tools/qemu-boot turns it
 *      on for every machine), which needs no device at all, so it also
 *      serves a panic before the device tree is read;
 *   3. SBI system reset, the power-off of a real board. QEMU exits 0 after
 *      it even for reason "system failure", so it cannot carry a verdict. */
#include "arch/riscv/power.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/semihost.h"
#include "arch/riscv/smp.h"
#include "lib/printf.h"

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

/* NULL until the device tree names an exit device (init/main.c). */
static volatile uint32_t *test_dev;

void power_init(uintptr_t regs)
{
  test_dev = (volatile uint32_t *)regs;
}

/* Returns only if no semihosting host answered. */
static void semihost_exit(uint32_t code)
{
  const uint64_t block[2] = { SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, code };
  long unused;
  semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block, &unused);
}

void power_off(int status)
{
  uint32_t code = (uint32_t)status & 0xff;
  if (status != 0 && code == 0)
    code = 1;
  if (test_dev)
    *test_dev = code ? (code << 16) | TEST_FAIL : TEST_PASS;
  semihost_exit(code);
  sbi_shutdown(code != 0);
  /* Still here: the firmware has no power-off for this machine (OpenSBI
   * refuses or ignores SRST where the tree has no poweroff device). Say so
   * rather than leave a console that just stops. */
  printf("power_off: status %u, but nothing could stop the machine (no exit "
         "device, no semihosting, no SBI power-off); halting\n", code);
  intr_off();
  smp_stop_others();
  for (;;)
    wfi();
}
