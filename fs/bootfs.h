/* The boot image: files packed into the kernel at build time (tools/mkbootfs,
 * cmake/bootfs.cmake -> bootfs_image.S): every user program and the README.
 * At boot they become the file system's first contents, copied into file
 * pages (docs/fs.md says why), with the console device node beside them. */
#ifndef FS_BOOTFS_H
#define FS_BOOTFS_H

#include "lib/types.h"

struct bootfs_entry {
  const char *name;
  const uint8_t *data;
  uint64_t size;
};

/* Boot, after fs_init(): check the generated table, then make every entry
 * a file in "/" and add the device node "/console" (major 1).
 * => the number of entries that did not fit (fsmax too small): each is
 *    named on the console; the kernel carries on without them.
 * => panics for a malformed table (a build bug). */
size_t bootfs_init(void);
/* The image's entries, for tests: number i (0-based), NULL past the end. */
const struct bootfs_entry *bootfs_entry_at(size_t i);
size_t bootfs_count(void);

#endif
