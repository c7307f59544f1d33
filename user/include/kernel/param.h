/* xv6's kernel/param.h: the kernel's limits (include/uapi/limits.h) and
 * xv6's disk sizing. */
#ifndef COWKERNEL_USER_PARAM_H
#define COWKERNEL_USER_PARAM_H

#include "uapi/layout.h"
#include "uapi/limits.h"

/* The kernel runs on at most 8 harts (NCPU in arch/riscv/layout.h); xv6
 * programs may read the name, nothing in the ABI depends on it. */
#define NCPU      8
#define USERSTACK USTACK_PAGES /* user stack pages (xv6 has 1; cowkernel 16) */

/* xv6's disk file-system sizing. cowkernel has no disk, log or buffer cache
 * (its root directory is a read-only image in memory), so nothing in the
 * kernel uses these; they keep xv6's values so xv6 sources still compile. */
#define NINODE      50
#define MAXOPBLOCKS 10
#define LOGBLOCKS   (MAXOPBLOCKS * 3)
#define LOGSIZE     LOGBLOCKS
#define NBUF        (MAXOPBLOCKS * 3)
#define FSSIZE      2000

#endif
