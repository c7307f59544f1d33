/* Ending the machine with a verdict QEMU passes on as its exit status. */
#ifndef ARCH_RISCV_POWER_H
#define ARCH_RISCV_POWER_H

#include "lib/types.h"

#define POWER_STATUS_PANIC 3 /* QEMU's exit status after a kernel panic */

/* regs: kernel virtual address of the sifive,test exit device the device
 * tree names, or 0 if it names none. Until it is called, power_off() has no
 * device and goes straight to semihosting, then SBI. */
void power_init(uintptr_t regs);
/* Stop the machine. status 0 makes QEMU exit 0; any other value makes it
 * exit with (status & 0xff), or 1 where that would read as 0 (given an
 * exit device, or semihosting). Usable from the first C instruction. */
void power_off(int status) __attribute__((noreturn));

#endif
