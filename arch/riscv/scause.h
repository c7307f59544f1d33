/* Names for scause values, for reports (kernel exceptions, killed
 * processes). The codes themselves are in arch/riscv/csr.h. */
#ifndef ARCH_RISCV_SCAUSE_H
#define ARCH_RISCV_SCAUSE_H

#include "lib/types.h"

/* A human-readable name of `scause` ("store page fault", ...). */
const char *scause_name(uint64_t scause);

#endif
