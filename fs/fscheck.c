/* fs_check() (fs/fscheck.h): a walk over every live inode, counting
 * directory entries per inode number by scanning all directories once per
 * inode - quadratic, but the tests' file systems are small, and it needs
 * no memory. */
#include "fs/fscheck.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "mm/frame.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "uapi/dirent.h"
#include "uapi/stat.h"

#define MAX_REPORTS 8

struct check {
  int problems;
  size_t frames;        /* inodes and pages seen */
  uint32_t target;      /* the inode whose names are being counted */
  uint32_t names;
  bool dangling;        /* looking for entries naming no inode */
};

static void report(struct check *c, uint32_t inum, const char *what, uint64_t a, uint64_t b)
{
  if (c->problems++ < MAX_REPORTS)
    printf("fs_check: inode %u: %s (%lu vs %lu)\n", inum, what, (unsigned long)a,
           (unsigned long)b);
}

/* For one directory: count entries naming c->target (or, in the dangling
 * pass, report entries naming nothing). */
static void scan_dir(struct inode *dp, void *arg)
{
  struct check *c = arg;
  struct dirent de;
  inode_lock(dp);
  for (uint64_t at = 0; dp->type == T_DIR && at < dp->size; at += sizeof(de)) {
    inode_read(dp, fs_io_kernel(&de), at, sizeof(de));
    if (de.inum == 0 || strncmp(de.name, ".", DIRSIZ) == 0)
      continue;
    if (c->dangling) {
      struct inode *ip = inode_get(de.inum);
      if (!ip)
        report(c, dp->inum, "entry names no inode", at, de.inum);
      else
        inode_put(ip);
    } else if (de.inum == c->target) {
      c->names++;
    }
  }
  inode_unlock(dp);
}

/* Pages: a prefix covering the size, each a file frame held by the inode
 * (count 1, or more while processes map it: exec shares program pages,
 * and mm/vmcheck.c checks those counts against the mappings). */
static void check_pages(struct check *c, struct inode *ip)
{
  size_t want = (ip->size + PAGE_SIZE - 1) / PAGE_SIZE;
  for (size_t i = 0; i < INODE_PAGES; i++) {
    bool present = !pa_is_null(ip->pages[i]);
    if (present != (i < want))
      report(c, ip->inum, "page presence", i, want);
    if (present && frame_kind(ip->pages[i]) != FRAME_FILE)
      report(c, ip->inum, "page not a file frame", i, 0);
    c->frames += present;
  }
}

static void check_inode(struct inode *ip, void *arg)
{
  struct check *c = arg;
  c->target = ip->inum;
  c->names = 0;
  inode_for_each(scan_dir, c);
  inode_lock(ip);
  if ((uint32_t)ip->nlink != c->names)
    report(c, ip->inum, "nlink differs from the names", (uint64_t)ip->nlink, c->names);
  check_pages(c, ip);
  c->frames++;
  inode_unlock(ip);
}

int fs_check(void)
{
  struct check c;
  memset(&c, 0, sizeof(c));
  inode_for_each(check_inode, &c);
  c.dangling = true;
  inode_for_each(scan_dir, &c);
  if (c.frames != fs_frames_used())
    report(&c, 0, "frames held differ from the budget's count", c.frames, fs_frames_used());
  return c.problems;
}
