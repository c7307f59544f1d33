/* Directory entries: read() on a directory returns these 16-byte records
 * (xv6's struct dirent; inum 0 marks an unused slot). */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

#define ROOTINO 1    /* inode number of the root directory */

/* A directory entry holds a name of at most DIRSIZ bytes; a name of exactly
 * DIRSIZ bytes is not NUL-terminated. */
#define DIRSIZ 14

struct dirent {
  unsigned short inum; /* inode number; 0 marks a free slot */
  char name[DIRSIZ];
};

#endif
