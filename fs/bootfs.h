/* The boot image: user programs packed into the kernel at build time
 * (tools/mkbootfs, cmake/bootfs.cmake -> bootfs_image.S). One flat
 * read-only directory: the programs, then the console device node. */
#ifndef FS_BOOTFS_H
#define FS_BOOTFS_H

#include "lib/types.h"

struct bootfs_entry {
  const char *name;
  const uint8_t *data;
  uint64_t size;
  uint32_t inum;     /* 2.. ; the root directory is 1 */
};

/* Boot: check the generated table, number the console. Call before any
 * other bootfs function. */
void bootfs_init(void);
/* The directory's console device entry (size 0, not a program); found by
 * bootfs_lookup("console") and listed last by bootfs_entry_at(). */
const struct bootfs_entry *bootfs_console(void);
/* Look up "NAME", "/NAME" or "./NAME". NULL if absent. */
const struct bootfs_entry *bootfs_lookup(const char *path);
/* Is `path` the root directory ("/", ".", "./", "")? */
bool bootfs_is_root(const char *path);
/* Entry number i (0-based), or NULL past the end. */
const struct bootfs_entry *bootfs_entry_at(size_t i);
/* Number of entries: the programs plus the console. */
size_t bootfs_count(void);
/* Fill `buf` with the directory's struct dirent records (uapi/dirent.h),
 * starting at byte `offset`: whole records only, at most `len` bytes.
 * Returns the bytes filled (0 past the end), or -EINVAL if `len` is less
 * than one record or `offset` is not on a record boundary. */
int64_t bootfs_read_dir(uint64_t offset, void *buf, size_t len);

#endif
