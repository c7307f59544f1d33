/* Kernel limits visible to user programs (xv6 names). */
#ifndef COWKERNEL_USER_PARAM_H
#define COWKERNEL_USER_PARAM_H

#include "kernel/layout.h"

#define NPROC     64         /* maximum number of processes */
#define NCPU      8          /* maximum number of harts */
#define NOFILE    16         /* open files per process */
#define NFILE     100        /* open files per system */
#define NDEV      10         /* maximum major device number */
#define ROOTDEV   1          /* device number of the root file system */
#define MAXARG    32         /* maximum exec arguments */
#define MAXPATH   128        /* maximum path name length, including the NUL */
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
