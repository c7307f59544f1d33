/* Directories: an inode of type T_DIR whose bytes are struct dirent
 * records (uapi/dirent.h), exactly what read() on it returns. inum 0 marks
 * a free slot, reused by the next entry added. Names are compared and
 * stored in DIRSIZ bytes, the xv6 way: a longer name is cut to DIRSIZ
 * characters, and a name of exactly DIRSIZ has no NUL.
 * Every function takes the directory locked. */
#ifndef FS_DIR_H
#define FS_DIR_H

#include "lib/types.h"

struct inode;

/* The inode number `name` names in dp, 0 if none; *off (if not NULL) gets
 * the entry's byte offset. */
uint32_t dir_lookup(struct inode *dp, const char *name, uint64_t *off);
/* Add the entry name -> inum (the name must not exist yet).
 * => 0, or the errno of growing the directory (-ENOSPC, -ENOMEM, -EFBIG). */
int dir_add(struct inode *dp, const char *name, uint32_t inum);
/* Free the entry at byte offset `off` (from dir_lookup). Never fails: the
 * slot's page exists. */
void dir_clear(struct inode *dp, uint64_t off);
/* True if dp holds nothing but "." and "..". */
bool dir_is_empty(struct inode *dp);
/* Is `name` "." or ".." (compared as stored: DIRSIZ bytes)? */
bool dir_is_dot(const char *name);

#endif
