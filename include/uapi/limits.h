/* Kernel limits user programs can see (xv6's names, re-exported by
 * user/include/kernel/param.h). */
#ifndef UAPI_LIMITS_H
#define UAPI_LIMITS_H

#define NPROC     64         /* maximum number of processes */
#define NOFILE    16         /* open files per process */
#define NFILE     100        /* open files per system */
#define NDEV      10         /* maximum major device number */
#define ROOTDEV   1          /* device number of the root file system */
#define MAXARG    32         /* maximum exec arguments */
#define MAXPATH   128        /* maximum path name length, including the NUL */

#endif
