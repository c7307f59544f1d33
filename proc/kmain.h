/* The kernel's life after the hardware is up. */
#ifndef PROC_KMAIN_H
#define PROC_KMAIN_H

#include "arch/riscv/fdt.h"

extern struct platform platform;

/* Boot hart: banner, then tests, poweroff or the first process. */
void kernel_main(void) __attribute__((noreturn));
/* Every other hart, once online. */
void kernel_main_secondary(void) __attribute__((noreturn));

#endif
