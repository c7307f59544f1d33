/* Boot constants shared by entry.S and C. */
#ifndef ARCH_RISCV_BOOT_H
#define ARCH_RISCV_BOOT_H

#define BOOT_STACK_SHIFT 14
#define BOOT_STACK_SIZE  (1 << BOOT_STACK_SHIFT) /* per hart */
#define NCPU_ASM         8                        /* = NCPU in lib/types.h */
#define EARLY_MAP_GIB    16                       /* direct map before kvm_init */

#ifndef __ASSEMBLER__
#include "lib/types.h"
extern char boot_stacks[];
extern char _entry[], _secondary_entry[];
/* Harts that have come in at _entry (entry.S): 1 after a normal boot; each
 * later one was sent back to the firmware. Atomic. */
extern int boot_arrivals;
void start_boot_hart(uint64_t hartid, paddr_t dtb_pa) __attribute__((noreturn));
void start_secondary_hart(uint64_t hartid, int cpu_index) __attribute__((noreturn));
#endif

#endif
