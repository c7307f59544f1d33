/* Open files: the system-wide table and per-type dispatch.
 *
 * Locking: ftable.lock guards every slot's `refs` (and so which slots are
 * free). The other fields of a struct file are written only by its creator
 * before the file is shared (installed in a descriptor), then only read -
 * except an inode file's `offset`, which moves under the inode's sleep
 * lock: everyone sharing the file (dup, fork) shares that lock, so a read
 * or write and its offset update are one step, and two readers never get
 * the same bytes. ftable.lock is a leaf: nothing else is taken while
 * holding it; pipe_close() and inode_put() run after dropping it. */
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "fs/path.h"
#include "dev/console.h"
#include "fs/pipe.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

static struct {
  struct spinlock lock;
  struct file files[NFILE];
} ftable = { .lock = SPINLOCK_INIT("ftable") };

void file_init(void)
{
  spin_lock(&ftable.lock);
  for (size_t i = 0; i < NFILE; i++)
    ASSERT(ftable.files[i].refs == 0);
  spin_unlock(&ftable.lock);
}

struct file *file_alloc(void)
{
  struct file *found = NULL;
  spin_lock(&ftable.lock);
  for (size_t i = 0; i < NFILE && !found; i++) {
    struct file *f = &ftable.files[i];
    if (f->refs == 0) {
      memset(f, 0, sizeof(*f));   /* type FILE_NONE, no access, offset 0 */
      f->refs = 1;
      found = f;
    }
  }
  spin_unlock(&ftable.lock);
  return found;
}

struct file *file_dup(struct file *f)
{
  spin_lock(&ftable.lock);
  ASSERT(f->refs > 0);
  f->refs++;
  spin_unlock(&ftable.lock);
  return f;
}

/* Drops one reference; the last one releases what the file holds. A file
 * still of type FILE_NONE (its creator gave up half way) holds nothing. */
void file_close(struct file *f)
{
  spin_lock(&ftable.lock);
  ASSERT(f->refs > 0);
  if (--f->refs > 0) {
    spin_unlock(&ftable.lock);
    return;
  }
  struct file last = *f;   /* the slot may be reused once we unlock */
  f->type = FILE_NONE;
  spin_unlock(&ftable.lock);

  if (last.type == FILE_PIPE)
    pipe_close(last.pipe, last.writable);
  else if (last.type == FILE_INODE || last.type == FILE_DEVICE)
    inode_put(last.ip);
}

/* Read or write at the file's offset, which moves by the bytes moved. */
static int64_t inode_rw(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n,
                        bool write)
{
  struct inode *ip = f->ip;
  inode_lock(ip);
  int64_t got;
  if (write)
    got = ip->type == T_DIR ? -EISDIR : inode_write(ip, fs_io_user(vm, uva), f->offset, n);
  else
    got = inode_read(ip, fs_io_user(vm, uva), f->offset, n);
  if (got > 0)
    f->offset += (uint64_t)got;
  inode_unlock(ip);
  return got;
}

int64_t file_read(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n)
{
  if (!f->readable)
    return -EBADF;
  switch (f->type) {
  case FILE_PIPE:
    return pipe_read(f->pipe, vm, uva, n);
  case FILE_DEVICE:
    return console_dev_read(vm, uva, n);   /* the one driver: file_open checked */
  case FILE_INODE:
    return inode_rw(f, vm, uva, n, false);
  default:
    return -EBADF;
  }
}

int64_t file_write(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n)
{
  if (!f->writable)
    return -EBADF;
  switch (f->type) {
  case FILE_PIPE:
    return pipe_write(f->pipe, vm, uva, n);
  case FILE_DEVICE:
    return console_dev_write(vm, uva, n);
  case FILE_INODE:
    return inode_rw(f, vm, uva, n, true);
  default:
    return -EBADF;
  }
}

int file_stat(struct file *f, struct vm_space *vm, vaddr_t uva)
{
  if (f->type != FILE_INODE && f->type != FILE_DEVICE)
    return -EINVAL;
  struct stat st;
  inode_lock(f->ip);
  inode_stat(f->ip, &st);
  inode_unlock(f->ip);
  return copyout(vm, uva, &st, sizeof(st));
}

/* The inode `path` names, locked, created first with O_CREATE. */
static int open_inode(struct inode *cwd, const char *path, int flags, struct inode **ip)
{
  if (flags & O_CREATE)
    return fs_create(cwd, path, T_FILE, 0, 0, ip);
  int err = path_lookup(cwd, path, ip);
  if (!err)
    inode_lock(*ip);
  return err;
}

/* xv6's rules for an inode about to be opened: no writing a directory,
 * devices only with a driver. */
static int open_check(const struct inode *ip, int flags)
{
  if (ip->type == T_DIR && (flags & (O_WRONLY | O_RDWR)))
    return -EISDIR;
  if (ip->type == T_DEVICE && ip->major != CONSOLE_MAJOR)
    return -ENXIO;
  return 0;
}

/* A file for ip (locked; the reference passes to the file). */
static struct file *open_file(struct inode *ip, int flags, int *err)
{
  struct file *f = file_alloc();
  if (!f) {
    *err = -ENFILE;
    return NULL;
  }
  f->type = ip->type == T_DEVICE ? FILE_DEVICE : FILE_INODE;
  f->ip = ip;
  f->major = ip->major;
  f->readable = !(flags & O_WRONLY);
  f->writable = (flags & (O_WRONLY | O_RDWR)) != 0;
  if ((flags & O_TRUNC) && ip->type == T_FILE)
    inode_truncate(ip);
  return f;
}

struct file *file_open(struct inode *cwd, const char *path, int flags, int *err)
{
  struct inode *ip;
  *err = open_inode(cwd, path, flags, &ip);
  if (*err)
    return NULL;
  *err = open_check(ip, flags);
  struct file *f = *err ? NULL : open_file(ip, flags, err);
  inode_unlock(ip);
  if (!f)
    inode_put(ip);
  return f;
}
