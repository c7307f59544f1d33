/* File-system names user programs use. cowkernel's root is one flat,
 * read-only directory in the boot image; struct dirent is exactly what
 * read() on a directory returns (16 bytes per entry, inum 0 = unused slot).
 * The block-layout constants describe xv6's disk format and are kept for
 * source compatibility only: cowkernel has no disk. */
#ifndef COWKERNEL_USER_FS_H
#define COWKERNEL_USER_FS_H

#include "kernel/types.h"

#define ROOTINO 1    /* inode number of the root directory */
#define BSIZE   1024 /* xv6 disk block size */

#define NDIRECT   12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE   (NDIRECT + NINDIRECT) /* xv6's largest file, in blocks */

/* A directory entry holds a name of at most DIRSIZ bytes; a name of exactly
 * DIRSIZ bytes is not NUL-terminated. */
#define DIRSIZ 14

struct dirent {
  ushort inum;        /* inode number; 0 marks a free slot */
  char name[DIRSIZ];
};

#endif
