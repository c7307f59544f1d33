/* Open files: pipes, the console, and the read-only boot image (programs
 * and the root directory). One struct file may be shared by several
 * descriptors and processes (dup, fork); it goes away with the last close.
 * Every function taking a user address copies through mm/uaccess.h. */
#ifndef FS_FILE_H
#define FS_FILE_H

#include "lib/types.h"

struct vm_space;

enum file_type {
  FILE_NONE,
  FILE_PIPE,
  FILE_CONSOLE,
  FILE_IMAGE,     /* a program in the boot image */
  FILE_DIR,       /* the root directory of the boot image */
};

struct pipe;
struct bootfs_entry;

struct file {
  enum file_type type;
  int refs;                         /* file table lock */
  bool readable, writable;
  struct pipe *pipe;                /* FILE_PIPE */
  const struct bootfs_entry *entry; /* FILE_IMAGE */
  uint64_t offset;                  /* FILE_IMAGE, FILE_DIR; atomic (file.c) */
};

void file_init(void);
/* A new file with one reference, or NULL when the table is full. */
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
/* Read/write up to n bytes at user address `uva` of `vm` (the caller's
 * address space). Return bytes moved or a
 * negative errno (-EBADF wrong direction, -EFAULT, -EPIPE, -EINTR, -EINVAL
 * for a directory read of less than one struct dirent). */
int64_t file_read(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n);
int64_t file_write(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n);
/* Copy a struct stat (uapi/stat.h) to user address `uva` of `vm`. Returns 0,
 * -EFAULT, or -EINVAL for a pipe (no inode, as in xv6). */
int file_stat(struct file *f, struct vm_space *vm, vaddr_t uva);
/* Open `path` (a kernel string) with O_* flags. Returns a file or NULL with
 * *err set (-ENOENT, -EROFS for write access to the image, -ENFILE). */
struct file *file_open(const char *path, int flags, int *err);

#endif
