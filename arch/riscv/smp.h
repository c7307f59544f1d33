/* Starting the other harts, and making them do things. */
#ifndef ARCH_RISCV_SMP_H
#define ARCH_RISCV_SMP_H

#include "lib/types.h"
#include "arch/riscv/fdt.h"

/* Start every hart the device tree lists as able to run the kernel (up to
 * NCPU; plat->harts leaves out monitor cores such as sifive_u's E51) and
 * wait until they run it. Cpu indexes are dense whatever the hart ids.
 * Returns the number of harts online. */
int smp_start_secondaries(const struct platform *plat);
/* Run fn(arg) on every online hart at once (this one included) and return
 * when all have finished. Other harts run it from their software-interrupt
 * handler, so fn must not sleep. Serialized: one call at a time. */
void smp_call_all(void (*fn)(void *arg), void *arg);
/* Wake the hart of cpus[cpu_id] from wfi (an IPI that asks nothing). */
void smp_wake(int cpu_id);
/* Software interrupt (IPI) handler. */
void smp_handle_ipi(void);
/* Ask every other hart to halt (panic); this hart carries on. */
void smp_stop_others(void);
void smp_halt_this_hart(void) __attribute__((noreturn));

#endif
