/* struct stat as fstat() fills it in (24 bytes: dev@0, ino@4, type@8,
 * nlink@10, size@16), with xv6's layout and type codes. */
#ifndef UAPI_STAT_H
#define UAPI_STAT_H

#define T_DIR    1 /* directory: read() yields struct dirent records */
#define T_FILE   2 /* regular file */
#define T_DEVICE 3 /* device, e.g. the console */

struct stat {
  int dev;            /* device number of the file system */
  unsigned int ino;   /* inode number */
  short type;         /* T_DIR, T_FILE or T_DEVICE */
  short nlink;        /* number of links to the file */
  unsigned long size; /* size in bytes */
};

#endif
