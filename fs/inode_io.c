/* Reading and writing an inode's pages (fs/inode_io.h). Pages are reached
 * through the direct map; user memory only through mm/uaccess.h. */
#include "fs/inode_io.h"
#include "fs/inode.h"
#include "mm/uaccess.h"
#include "arch/riscv/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

/* n bytes from kernel address `from` to io + done. */
static int io_out(struct fs_io io, size_t done, const void *from, size_t n)
{
  if (!io.vm) {
    memcpy((void *)(io.addr + done), from, n);
    return 0;
  }
  return copyout(io.vm, io.addr + done, from, n);
}

/* n bytes from io + done to kernel address `to`. */
static int io_in(struct fs_io io, size_t done, void *to, size_t n)
{
  if (!io.vm) {
    memcpy(to, (const void *)(io.addr + done), n);
    return 0;
  }
  return copyin(io.vm, to, io.addr + done, n);
}

/* Kernel address of byte `off` of ip (its page is present). */
static uint8_t *byte_at(struct inode *ip, uint64_t off)
{
  return (uint8_t *)pa_to_kva(ip->pages[off / PAGE_SIZE]) + off % PAGE_SIZE;
}

int64_t inode_read(struct inode *ip, struct fs_io dst, uint64_t off, size_t n)
{
  if (off >= ip->size)
    return 0;
  n = MIN(n, ip->size - off);
  size_t done = 0;
  while (done < n) {
    size_t chunk = MIN(n - done, PAGE_SIZE - (off + done) % PAGE_SIZE);
    int err = io_out(dst, done, byte_at(ip, off + done), chunk);
    if (err)
      return done ? (int64_t)done : err;
    done += chunk;
  }
  return (int64_t)done;
}

/* Make page `index` present and the inode's alone (a page processes map
 * is copied away first: inode_page_unshare). *fresh tells whether it was
 * just added (and so is taken back if nothing lands in it). Returns 0 or
 * the errno of fs_frame_take() or inode_page_unshare(). */
static int page_ensure(struct inode *ip, size_t index, bool *fresh)
{
  *fresh = pa_is_null(ip->pages[index]);
  return *fresh ? fs_frame_take(&ip->pages[index]) : inode_page_unshare(ip, index);
}

/* One chunk that stays inside one page. Returns 0 or a negative errno;
 * a page added for it is given back on failure, so no holes appear. */
static int write_chunk(struct inode *ip, struct fs_io src, size_t done, uint64_t at,
                       size_t chunk)
{
  size_t index = at / PAGE_SIZE;
  bool fresh;
  int err = page_ensure(ip, index, &fresh);
  if (err)
    return err;
  err = io_in(src, done, byte_at(ip, at), chunk);
  if (err && fresh) {
    fs_frame_give(ip->pages[index]);
    ip->pages[index] = PA_NULL;
  }
  return err;
}

int64_t inode_write(struct inode *ip, struct fs_io src, uint64_t off, size_t n)
{
  ASSERT(sleeplock_holding(&ip->lock));
  if (off > ip->size)
    return -EINVAL;
  if (off >= FS_MAX_FILE)
    return -EFBIG;
  n = MIN(n, FS_MAX_FILE - off);
  size_t done = 0;
  int err = 0;
  while (done < n && !err) {
    uint64_t at = off + done;
    size_t chunk = MIN(n - done, PAGE_SIZE - at % PAGE_SIZE);
    err = write_chunk(ip, src, done, at, chunk);
    if (!err)
      done += chunk;
  }
  if (off + done > ip->size)
    ip->size = off + done;
  return done ? (int64_t)done : err;
}
