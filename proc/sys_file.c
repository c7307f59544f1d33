/* File system calls, on the current process's descriptor table
 * (fs/fdtable.h) and the files it holds (fs/file.h). Handlers return a value or a negative errno; the dispatcher turns every
 * negative value into -1 (proc/syscall.h). */
#include "proc/syscall.h"
#include "fs/bootfs.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/fdtable.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "uapi/limits.h"

/* The current process's descriptor table. */
static struct file **my_files(void)
{
  return proc_current()->files;
}

/* Installs f, or drops the caller's reference to it if no fd is free. */
static int install_or_close(struct file *f)
{
  int fd = fd_install(my_files(), f);
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
  *f = fd_lookup(my_files(), arg_int(args, 0));
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
  return n <= 0 ? n : file_read(f, proc_current()->vm, args[1], (size_t)n);
}

/* write(fd, buf, n) */
int64_t sys_write(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f;
  int64_t n = rw_args(args, &f);
  return n <= 0 ? n : file_write(f, proc_current()->vm, args[1], (size_t)n);
}

/* close(fd) */
int64_t sys_close(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f = fd_remove(my_files(), arg_int(args, 0));
  if (!f)
    return -EBADF;
  file_close(f);
  return 0;
}

/* dup(fd): the lowest free descriptor for the same file. */
int64_t sys_dup(const uint64_t args[SYSCALL_ARGS])
{
  struct file *f = fd_lookup(my_files(), arg_int(args, 0));
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
  struct file **files = my_files();
  int fds[2] = { fd_install(files, r), -1 };
  if (fds[0] >= 0)
    fds[1] = fd_install(files, w);
  if (fds[1] >= 0) {
    err = copyout(proc_current()->vm, args[0], fds, sizeof(fds));
    if (err == 0)
      return 0;
  } else {
    err = -EMFILE;
  }
  for (int i = 0; i < 2; i++)
    fd_remove(files, fds[i]);
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
  struct file *f = fd_lookup(my_files(), arg_int(args, 0));
  if (!f)
    return -EBADF;
  return file_stat(f, proc_current()->vm, args[1]);
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
