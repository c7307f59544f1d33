/* Open files: pipes, inodes (files and directories) and devices (the
 * console, major 1). One struct file may be shared by several descriptors
 * and processes (dup, fork); it goes away with the last close. Every
 * function taking a user address copies through mm/uaccess.h. */
#ifndef FS_FILE_H
#define FS_FILE_H

#include "lib/types.h"

struct vm_space;
struct pipe;
struct inode;

enum file_type {
  FILE_NONE,
  FILE_PIPE,
  FILE_INODE,     /* a file or directory of the file system */
  FILE_DEVICE,    /* a T_DEVICE inode: reads and writes go to its driver */
};

/* The driver of device files with major CONSOLE_MAJOR (xv6's number). */
#define CONSOLE_MAJOR 1

struct file {
  enum file_type type;
  int refs;                         /* file table lock */
  bool readable, writable;
  struct pipe *pipe;                /* FILE_PIPE */
  struct inode *ip;                 /* FILE_INODE, FILE_DEVICE: a reference */
  short major;                      /* FILE_DEVICE */
  uint64_t offset;                  /* FILE_INODE; ip's lock */
};

void file_init(void);
/* A new file with one reference, or NULL when the table is full. */
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void file_close(struct file *f);
/* Read/write up to n bytes at user address `uva` of `vm` (the caller's
 * address space), at the file's offset for an inode (which moves by what
 * was moved; dup and fork share it).
 * => bytes moved (a write may be short: docs/fs.md), 0 at the end;
 * => -EBADF (wrong direction), -EFAULT, -EPIPE, -EINTR, -EISDIR (a write
 *    to a directory), -ENOSPC, -ENOMEM, -EFBIG. */
int64_t file_read(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n);
int64_t file_write(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n);
/* Copy a struct stat (uapi/stat.h) to user address `uva` of `vm`.
 * => 0, -EFAULT, or -EINVAL for a pipe (no inode, as in xv6). */
int file_stat(struct file *f, struct vm_space *vm, vaddr_t uva);
/* Open `path` (a kernel string, relative to `cwd`, NULL for the root)
 * with O_* flags (uapi/fcntl.h), with xv6's rules.
 * => a file, or NULL with *err set: -ENOENT, -ENOTDIR, -EISDIR (a
 *    directory opened for writing), -ENXIO (a device with no driver),
 *    -ENFILE, and fs_create()'s errors for O_CREATE. */
struct file *file_open(struct inode *cwd, const char *path, int flags, int *err);

#endif
