/* Inodes: the table of inode numbers, references, freeing, and the frame
 * budget (fs/inode.h).
 *
 * Why freeing needs no inode lock: an inode is found only through a
 * directory entry (under that directory's lock) or through a reference
 * someone already holds. When the last reference goes and nlink is 0, no
 * entry names it, so nobody can find it again; nlink itself changes only
 * under a reference, so with none left it is stable. The writer of nlink
 * released itable_lock in its own inode_put after the write, which orders
 * that write before our read. */
#include "fs/inode.h"
#include "mm/frame.h"
#include "arch/riscv/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "uapi/dirent.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

static struct spinlock itable_lock = SPINLOCK_INIT("itable");
static struct inode *itable[FS_MAX_INODES];   /* itable_lock; [0] unused */
static uint32_t next_inum = ROOTINO;          /* itable_lock: where the search starts */

static size_t budget_max;                     /* atomic: set at boot (and by tests) */
static size_t budget_used;                    /* atomic */

void fs_budget_set(size_t max_frames)
{
  __atomic_store_n(&budget_max, max_frames, __ATOMIC_RELAXED);
}

size_t fs_frames_used(void) { return __atomic_load_n(&budget_used, __ATOMIC_RELAXED); }
size_t fs_frames_max(void)  { return __atomic_load_n(&budget_max, __ATOMIC_RELAXED); }

/* Claim one frame of the budget, or fail without changing it. */
static bool budget_claim(void)
{
  size_t used = __atomic_load_n(&budget_used, __ATOMIC_RELAXED);
  do {
    if (used >= __atomic_load_n(&budget_max, __ATOMIC_RELAXED))
      return false;
  } while (!__atomic_compare_exchange_n(&budget_used, &used, used + 1, true,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  return true;
}

int fs_frame_take(paddr_t *pa)
{
  if (!budget_claim())
    return -ENOSPC;
  *pa = frame_alloc_zeroed(FRAME_FILE);
  if (pa_is_null(*pa)) {
    __atomic_sub_fetch(&budget_used, 1, __ATOMIC_RELAXED);
    return -ENOMEM;
  }
  return 0;
}

void fs_frame_give(paddr_t pa)
{
  frame_file_release(pa);
  __atomic_sub_fetch(&budget_used, 1, __ATOMIC_RELAXED);
}

/* Enter ip in a free slot of the table. Returns false if none is free.
 * The search starts after the last number given, so a freed number is
 * not reused at once (a stale dirent read elsewhere is less likely to
 * name a new file). */
static bool itable_enter(struct inode *ip)
{
  bool found = false;
  spin_lock(&itable_lock);
  for (uint32_t i = 0; i < FS_MAX_INODES - 1 && !found; i++) {
    uint32_t inum = ROOTINO + (next_inum - ROOTINO + i) % (FS_MAX_INODES - ROOTINO);
    if (!itable[inum]) {
      itable[inum] = ip;
      ip->inum = inum;
      next_inum = inum + 1 < FS_MAX_INODES ? inum + 1 : ROOTINO;
      found = true;
    }
  }
  spin_unlock(&itable_lock);
  return found;
}

int inode_alloc(short type, struct inode **out)
{
  paddr_t pa;
  int err = fs_frame_take(&pa);
  if (err)
    return err;
  struct inode *ip = pa_to_kva(pa);   /* zeroed: no pages, size 0, nlink 0 */
  sleeplock_init(&ip->lock, "inode");
  ip->type = type;
  ip->refs = 1;
  if (!itable_enter(ip)) {
    fs_frame_give(pa);
    return -ENOSPC;
  }
  *out = ip;
  return 0;
}

struct inode *inode_get(uint32_t inum)
{
  struct inode *ip = NULL;
  spin_lock(&itable_lock);
  if (inum > 0 && inum < FS_MAX_INODES && itable[inum]) {
    ip = itable[inum];
    ip->refs++;
  }
  spin_unlock(&itable_lock);
  return ip;
}

struct inode *inode_dup(struct inode *ip)
{
  spin_lock(&itable_lock);
  ASSERT(ip->refs > 0);
  ip->refs++;
  spin_unlock(&itable_lock);
  return ip;
}

/* Give back every page and the inode's own frame. Nobody can reach ip. */
static void inode_free(struct inode *ip)
{
  inode_truncate(ip);
  fs_frame_give(kva_to_pa(ip));
}

void inode_put(struct inode *ip)
{
  spin_lock(&itable_lock);
  ASSERT(ip->refs > 0);
  bool gone = --ip->refs == 0 && ip->nlink == 0;
  if (gone)
    itable[ip->inum] = NULL;
  spin_unlock(&itable_lock);
  if (gone)
    inode_free(ip);
}

void inode_lock(struct inode *ip)
{
  ASSERT(ip->refs > 0);
  sleeplock_acquire(&ip->lock);
}

void inode_unlock(struct inode *ip)
{
  sleeplock_release(&ip->lock);
}

void inode_unlock_put(struct inode *ip)
{
  inode_unlock(ip);
  inode_put(ip);
}

paddr_t inode_page(struct inode *ip, size_t index)
{
  ASSERT(sleeplock_holding(&ip->lock));
  return index < INODE_PAGES ? ip->pages[index] : PA_NULL;
}

/* The count read here can only be too high, never too low: under the
 * inode lock nobody adds a mapping (exec maps under it), so at worst a
 * process exits meanwhile and the copy was not needed; the old frame is
 * then freed by frame_file_release. The budget is unchanged: one frame
 * replaces another. */
int inode_page_unshare(struct inode *ip, size_t index)
{
  ASSERT(sleeplock_holding(&ip->lock));
  paddr_t old = ip->pages[index];
  if (frame_refcount(old) == 1)
    return 0;
  paddr_t copy = frame_alloc(FRAME_FILE);
  if (pa_is_null(copy))
    return -ENOMEM;
  page_copy(pa_to_kva(copy), pa_to_kva(old));
  ip->pages[index] = copy;
  frame_file_release(old);
  return 0;
}

void inode_truncate(struct inode *ip)
{
  ASSERT(ip->refs == 0 || sleeplock_holding(&ip->lock));   /* 0: being freed */
  for (size_t i = 0; i < INODE_PAGES && !pa_is_null(ip->pages[i]); i++) {
    fs_frame_give(ip->pages[i]);
    ip->pages[i] = PA_NULL;
  }
  ip->size = 0;
}

void inode_stat(struct inode *ip, struct stat *st)
{
  memset(st, 0, sizeof(*st));
  st->dev = ROOTDEV;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

/* The table may not change meanwhile (the caller keeps the file system
 * quiet), so fn runs without itable_lock, holding a reference, and may
 * take inode locks. */
void inode_for_each(void (*fn)(struct inode *ip, void *arg), void *arg)
{
  for (uint32_t inum = ROOTINO; inum < FS_MAX_INODES; inum++) {
    struct inode *ip = inode_get(inum);
    if (ip) {
      fn(ip, arg);
      inode_put(ip);
    }
  }
}
