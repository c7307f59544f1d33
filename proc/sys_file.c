/* File system calls, on the current process's descriptor table
 * (fs/fdtable.h) and the files it holds (fs/file.h). Handlers return a value or a negative errno; the dispatcher turns every
 * negative value into -1 (proc/syscall.h). */
#include "proc/syscall.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/pipe.h"
#include "fs/fdtable.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

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
  struct file *f = file_open(proc_current()->cwd, path, arg_int(args, 1), &err);
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

/* chdir(path): on failure the working directory stays. */
int64_t sys_chdir(const uint64_t args[SYSCALL_ARGS])
{
  char path[MAXPATH];
  int err = fetch_path(args[0], path);
  if (err < 0)
    return err;
  struct proc *p = proc_current();
  struct inode *dir;
  err = fs_find_dir(p->cwd, path, &dir);
  if (err)
    return err;
  struct inode *old = p->cwd;
  p->cwd = dir;
  inode_put(old);
  return 0;
}

/* Create `path` as `type`: mkdir and mknod. */
static int64_t make_node(uint64_t path_uva, short type, short major, short minor)
{
  char path[MAXPATH];
  int err = fetch_path(path_uva, path);
  if (err < 0)
    return err;
  struct inode *ip;
  err = fs_create(proc_current()->cwd, path, type, major, minor, &ip);
  if (err)
    return err;
  inode_unlock_put(ip);
  return 0;
}

/* mknod(path, major, minor): a device file (xv6 passes shorts). */
int64_t sys_mknod(const uint64_t args[SYSCALL_ARGS])
{
  return make_node(args[0], T_DEVICE, (short)arg_int(args, 1), (short)arg_int(args, 2));
}

/* mkdir(path) */
int64_t sys_mkdir(const uint64_t args[SYSCALL_ARGS])
{
  return make_node(args[0], T_DIR, 0, 0);
}

/* unlink(path) */
int64_t sys_unlink(const uint64_t args[SYSCALL_ARGS])
{
  char path[MAXPATH];
  int err = fetch_path(args[0], path);
  if (err < 0)
    return err;
  return fs_unlink(proc_current()->cwd, path);
}

/* link(old, new) */
int64_t sys_link(const uint64_t args[SYSCALL_ARGS])
{
  char old_path[MAXPATH], new_path[MAXPATH];
  int err = fetch_path(args[0], old_path);
  if (err == 0)
    err = fetch_path(args[1], new_path);
  if (err < 0)
    return err;
  return fs_link(proc_current()->cwd, old_path, new_path);
}

/* lasterr(): the errno of this process's last failed system call. */
int64_t sys_lasterr(const uint64_t args[SYSCALL_ARGS])
{
  return proc_current()->last_errno;
}
