/* Open files: the system-wide table and per-type dispatch.
 *
 * Locking: ftable.lock guards every slot's `refs` (and so which slots are
 * free). The other fields of a struct file are written only by its creator
 * before the file is shared (installed in a descriptor), then only read -
 * except `offset`, which readers sharing a file after dup/fork advance with
 * a compare-and-swap (see read_at_offset). ftable.lock is a leaf: nothing
 * else is taken while holding it, and pipe_close() runs after dropping it. */
#include "fs/file.h"
#include "fs/bootfs.h"
#include "dev/console.h"
#include "fs/pipe.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "uapi/fcntl.h"
#include "uapi/dirent.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

/* Directory reads go through a kernel buffer this many records at a time. */
#define DIR_CHUNK_RECORDS 8

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
}

/* Reads from a position shared by everyone holding f: `fill` copies up to
 * `n` bytes at `off` to user memory and returns the count (0 at the end) or
 * a negative errno. The offset only moves if nobody moved it meanwhile;
 * otherwise the read is redone from the new offset, so two processes
 * sharing the file never get the same bytes. On error it does not move. */
static int64_t read_at_offset(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n,
                              int64_t (*fill)(struct file *, uint64_t, struct vm_space *,
                                              vaddr_t, size_t))
{
  for (;;) {
    uint64_t off = __atomic_load_n(&f->offset, __ATOMIC_ACQUIRE);
    int64_t got = fill(f, off, vm, uva, n);
    if (got <= 0)
      return got;
    if (__atomic_compare_exchange_n(&f->offset, &off, off + (uint64_t)got, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return got;
  }
}

/* A program's bytes, straight from the boot image. */
static int64_t image_fill(struct file *f, uint64_t off, struct vm_space *vm, vaddr_t uva,
                          size_t n)
{
  const struct bootfs_entry *e = f->entry;
  if (off >= e->size)
    return 0;
  size_t m = MIN(n, e->size - off);
  int err = copyout(vm, uva, e->data + off, m);
  return err < 0 ? err : (int64_t)m;
}

/* Whole struct dirent records, a chunk at a time through a kernel buffer. */
static int64_t dir_fill(struct file *f, uint64_t off, struct vm_space *vm, vaddr_t uva,
                        size_t n)
{
  struct dirent buf[DIR_CHUNK_RECORDS];
  int64_t got = bootfs_read_dir(off, buf, MIN(n, sizeof(buf)));
  if (got <= 0)
    return got;
  int err = copyout(vm, uva, buf, (size_t)got);
  return err < 0 ? err : got;
}

int64_t file_read(struct file *f, struct vm_space *vm, vaddr_t uva, size_t n)
{
  if (!f->readable)
    return -EBADF;
  switch (f->type) {
  case FILE_PIPE:
    return pipe_read(f->pipe, vm, uva, n);
  case FILE_CONSOLE:
    return console_dev_read(vm, uva, n);
  case FILE_IMAGE:
    return read_at_offset(f, vm, uva, n, image_fill);
  case FILE_DIR:
    /* Never a partial record: a buffer too small for one is an error. */
    return read_at_offset(f, vm, uva, n, dir_fill);
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
  case FILE_CONSOLE:
    return console_dev_write(vm, uva, n);
  default:
    return -EBADF;   /* the boot image is read-only */
  }
}

/* A pipe has no inode to describe (as in xv6): -EINVAL. */
int file_stat(struct file *f, struct vm_space *vm, vaddr_t uva)
{
  struct stat st;
  memset(&st, 0, sizeof(st));
  st.dev = ROOTDEV;
  st.nlink = 1;
  switch (f->type) {
  case FILE_DIR:
    st.ino = ROOTINO;
    st.type = T_DIR;
    st.size = bootfs_count() * sizeof(struct dirent);
    break;
  case FILE_IMAGE:
    st.ino = f->entry->inum;
    st.type = T_FILE;
    st.size = f->entry->size;
    break;
  case FILE_CONSOLE:
    st.ino = bootfs_console()->inum;
    st.type = T_DEVICE;
    break;
  default:
    return -EINVAL;
  }
  return copyout(vm, uva, &st, sizeof(st));
}

/* A new file of `type` with xv6's access rules for `flags`; NULL with
 * *err = -ENFILE when the table is full. */
static struct file *open_as(enum file_type type, const struct bootfs_entry *e,
                            int flags, int *err)
{
  struct file *f = file_alloc();
  if (!f) {
    *err = -ENFILE;
    return NULL;
  }
  f->type = type;
  f->entry = e;
  f->readable = !(flags & O_WRONLY);
  f->writable = (flags & (O_WRONLY | O_RDWR)) != 0;
  return f;
}

/* Flags that would modify a file: the boot image refuses them (EROFS, also
 * for O_CREATE of a name that does not exist, as POSIX has it). */
#define O_MODIFY (O_WRONLY | O_RDWR | O_CREATE | O_TRUNC)

struct file *file_open(const char *path, int flags, int *err)
{
  if (bootfs_is_root(path)) {
    if (flags & O_MODIFY) {
      *err = -EROFS;
      return NULL;
    }
    return open_as(FILE_DIR, NULL, flags, err);
  }
  const struct bootfs_entry *e = bootfs_lookup(path);
  if (e == bootfs_console())
    return open_as(FILE_CONSOLE, NULL, flags, err);
  if (!e) {
    *err = (flags & O_CREATE) ? -EROFS : -ENOENT;
    return NULL;
  }
  if (flags & O_MODIFY) {
    *err = -EROFS;
    return NULL;
  }
  return open_as(FILE_IMAGE, e, flags, err);
}
