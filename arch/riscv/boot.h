/* The boot entry points (entry.S) and what they hand to C. */
#ifndef ARCH_RISCV_BOOT_H
#define ARCH_RISCV_BOOT_H

#include "arch/riscv/layout.h"

#ifndef __ASSEMBLER__
#include "lib/types.h"
extern char boot_stacks[];
extern char _entry[], _secondary_entry[];
/* Harts that have come in at _entry (entry.S): 1 after a normal boot; each
 * later one was sent back to the firmware. Atomic. */
extern int boot_arrivals;
/* Called by entry.S, defined in init/main.c: the boot hart with the
 * device tree's physical address, every other hart with its cpus[] index. */
void start_boot_hart(uint64_t hartid, paddr_t dtb_pa) __attribute__((noreturn));
void start_secondary_hart(uint64_t hartid, int cpu_index) __attribute__((noreturn));
#endif

#endif
