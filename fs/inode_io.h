/* An inode's bytes: reading and writing them to and from kernel or user
 * memory. The caller holds the inode's lock (a sleep lock: user copies may
 * fault in or copy pages, fs/inode.h). */
#ifndef FS_INODE_IO_H
#define FS_INODE_IO_H

#include "lib/types.h"

struct inode;
struct vm_space;

/* Where bytes come from or go: `addr` in address space `vm`, or kernel
 * memory when vm is NULL. */
struct fs_io {
  struct vm_space *vm;
  uintptr_t addr;
};

static inline struct fs_io fs_io_kernel(const void *p)
{
  return (struct fs_io){ NULL, (uintptr_t)p };
}

static inline struct fs_io fs_io_user(struct vm_space *vm, vaddr_t uva)
{
  return (struct fs_io){ vm, uva };
}

/* Copy up to n bytes at offset `off` of ip to `dst`.
 * => the bytes copied (0 at or past the end);
 * => -EFAULT if not even the first byte could be copied out. */
int64_t inode_read(struct inode *ip, struct fs_io dst, uint64_t off, size_t n);
/* Copy n bytes from `src` to offset `off` of ip, growing it as needed.
 * => the bytes written, which may be fewer than n (the budget ran out, a
 *    frame could not be had, the file reached FS_MAX_FILE, a bad address);
 * => if none was written: -EINVAL (off is past the end: no holes),
 *    -EFBIG, -ENOSPC, -ENOMEM, -EFAULT. */
int64_t inode_write(struct inode *ip, struct fs_io src, uint64_t off, size_t n);

#endif
