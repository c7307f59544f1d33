/* xv6's kernel/fs.h. The directory entry is the ABI (include/uapi/dirent.h);
 * the block-layout constants describe xv6's disk format and are kept for
 * source compatibility only: cowkernel has no disk. */
#ifndef COWKERNEL_USER_FS_H
#define COWKERNEL_USER_FS_H

#include "kernel/types.h"
#include "uapi/dirent.h"

#define BSIZE   1024 /* xv6 disk block size */

#define NDIRECT   12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE   (NDIRECT + NINDIRECT) /* xv6's largest file, in blocks */

#endif
