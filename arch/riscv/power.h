/* Ending the machine with a verdict QEMU passes on as its exit status. */
#ifndef ARCH_RISCV_POWER_H
#define ARCH_RISCV_POWER_H

#include "lib/types.h"

#define POWER_STATUS_PANIC 3 /* QEMU's exit status after a kernel panic */
/* QEMU virt's sifive,test device, used until the device tree says otherwise. */
#define POWER_TEST_DEFAULT_PA 0x100000UL

/* regs: kernel virtual address of the sifive,test device, or 0 if absent.
 * Until it is called, power_off() uses POWER_TEST_DEFAULT_PA through the
 * direct map, which the early page table already covers. */
void power_init(uintptr_t regs);
/* Stop the machine. status 0 makes QEMU exit 0; any other value makes it
 * exit with (status & 0xff), or 1 where that would read as 0. */
void power_off(int status) __attribute__((noreturn));

#endif
