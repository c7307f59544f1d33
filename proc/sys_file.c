/* File system calls and the per-process descriptor table.
 *
 * A process's files[] is touched only by the process itself (or, during
 * fork, by its creator before the child runs), so it needs no lock; the
 * struct files it points to are shared and refcounted (proc/file.c).
 * Handlers return a value or a negative errno; the dispatcher turns every
 * negative value into -1 (proc/syscall.h). */
#include "proc/syscall.h"
#include "proc/bootfs.h"
#include "proc/file.h"
#include "proc/pipe.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "kernel/param.h"

int fd_install(struct file *f)
{
  struct file **files = proc_current()->files;
  for (int fd = 0; fd < NOFILE; fd++) {
    if (!files[fd]) {
      files[fd] = f;
      return fd;
    }
  }
  return -EMFILE;
}

struct file *fd_lookup(int fd)
{
  if (fd < 0 || fd >= NOFILE)
    return NULL;
  return proc_current()->files[fd];
}

void fd_close_all(struct file *files[])
{
  for (int fd = 0; fd < NOFILE; fd++) {
    if (files[fd]) {
      struct file *f = files[fd];
      files[fd] = NULL;
      file_close(f);
    }
  }
}

void fd_dup_all(struct file *const from[], struct file *to[])
{
  for (int fd = 0; fd < NOFILE; fd++)
    to[fd] = from[fd] ? file_dup(from[fd]) : NULL;
}

/* Installs f, or drops the caller's reference to it if no fd is free. */
static int install_or_close(struct file *f)
{
  int fd = fd_install(f);
  if (fd < 0)
    file_close(f);
  return fd;
}

/* Copies the path at user address `uva` into buf (MAXPATH bytes). Returns
 * 0, -EFAULT or -ENAMETOOLONG. */
static int fetch_path(uint64_t uva, char buf[MAXPATH])
{
  int64_t len = copyinstr(proc_current()->vm, buf, uva, MAXPATH);
  return len < 0 ? (int)len : 0;
}

/* Checks read/write's (fd, buf, n). Returns n (0 means nothing to do) with
 * *f set, or a negative errno. */
static int64_t rw_args(const uint64_t args[SYSCALL_ARGS], struct file **f)
{
  *f = fd_lookup(arg_int(args, 0));
  int n = arg_int(args, 2);
  if (!*f)
    return -EBADF;
  return n < 0 ? -EINVAL : n;
}

/* read(fd, buf, n) */
int64_t sys_read(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f;
  int64_t n = rw_args(args, &f);
  return n <= 0 ? n : file_read(f, args[1], (size_t)n);
}

/* write(fd, buf, n) */
int64_t sys_write(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f;
  int64_t n = rw_args(args, &f);
  return n <= 0 ? n : file_write(f, args[1], (size_t)n);
}

/* close(fd) */
int64_t sys_close(const uint64_t args[SYSCALL_ARGS])
{
  int fd = arg_int(args, 0);
  struct file *f = fd_lookup(fd);
  if (!f)
    return -EBADF;
  proc_current()->files[fd] = NULL;
  file_close(f);
  return 0;
}

/* dup(fd): the lowest free descriptor for the same file. */
int64_t sys_dup(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f = fd_lookup(arg_int(args, 0));
  if (!f)
    return -EBADF;
  return install_or_close(file_dup(f));
}

/* pipe(int fds[2]): on any failure nothing stays allocated or installed. */
int64_t sys_pipe(const uint64_t args[SYSCALL_ARGS])
{
  struct file *r, *w;
  int err = pipe_create(&r, &w);
  if (err < 0)
    return err;
  int fds[2] = { fd_install(r), -1 };
  if (fds[0] >= 0)
    fds[1] = fd_install(w);
  if (fds[1] >= 0) {
    err = copyout(proc_current()->vm, args[0], fds, sizeof(fds));
    if (err == 0)
      return 0;
  } else {
    err = -EMFILE;
  }
  struct file **files = proc_current()->files;
  for (int i = 0; i < 2; i++)
    if (fds[i] >= 0)
      files[fds[i]] = NULL;
  file_close(r);
  file_close(w);
  return err;
}

/* open(path, flags) */
int64_t sys_open(const uint64_t args[SYSCALL_ARGS])
{
  char path[MAXPATH];
  int err = fetch_path(args[0], path);
  if (err < 0)
    return err;
  struct file *f = file_open(path, arg_int(args, 1), &err);
  if (!f)
    return err;
  return install_or_close(f);
}

/* fstat(fd, struct stat *st) */
int64_t sys_fstat(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f = fd_lookup(arg_int(args, 0));
  if (!f)
    return -EBADF;
  return file_stat(f, args[1]);
}

/* chdir(path): the root is the only directory, and the process is always
 * in it, so this only checks the path. */
int64_t sys_chdir(const uint64_t args[SYSCALL_ARGS])
{
  char path[MAXPATH];
  int err = fetch_path(args[0], path);
  if (err < 0)
    return err;
  if (path[0] != '\0' && bootfs_is_root(path))
    return 0;
  return bootfs_lookup(path) ? -ENOTDIR : -ENOENT;
}

/* The file system is read-only. These still read their path arguments, so
 * a bad pointer is reported as such (-EFAULT) rather than as -EROFS. */
static int64_t read_only_fs(const uint64_t args[SYSCALL_ARGS], int npaths)
{
  char path[MAXPATH];
  for (int i = 0; i < npaths; i++) {
    int err = fetch_path(args[i], path);
    if (err < 0)
      return err;
  }
  return -EROFS;
}

/* mknod(path, major, minor) */
int64_t sys_mknod(const uint64_t args[SYSCALL_ARGS])
{
  return read_only_fs(args, 1);
}

/* unlink(path) */
int64_t sys_unlink(const uint64_t args[SYSCALL_ARGS])
{
  return read_only_fs(args, 1);
}

/* link(old, new) */
int64_t sys_link(const uint64_t args[SYSCALL_ARGS])
{
  return read_only_fs(args, 2);
}

/* mkdir(path) */
int64_t sys_mkdir(const uint64_t args[SYSCALL_ARGS])
{
  return read_only_fs(args, 1);
}
