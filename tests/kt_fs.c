/* Tests of the file system's rules and invariants, through the kernel
 * interface (fs/fsops.h, fs/file.h, fs/inode_io.h) from the root: xv6's
 * error cases, link counts, lifetimes after unlink, the size limit, fault
 * injection, and storms of create/link/unlink after which fs_check()
 * holds and every frame is back. */
#include "tests/ktest.h"
#include "fs/file.h"
#include "fs/fscheck.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "fs/path.h"
#include "mm/failpoint.h"
#include "mm/frame.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"

#define STORM_FILES 24
#define STORM_ROUNDS 3
#define FILL_BUDGET_FRAMES 6

static uint8_t page_buf[PAGE_SIZE];

/* Create (or open) path as a file and write n bytes of `byte` at its end.
 * Returns write's result, or create's error. */
static int64_t put_bytes(const char *path, uint8_t byte, size_t n)
{
  struct inode *ip;
  int err = fs_create(NULL, path, T_FILE, 0, 0, &ip);
  if (err)
    return err;
  int64_t done = 0;
  while ((size_t)done < n) {
    memset(page_buf, byte, sizeof(page_buf));
    int64_t got = inode_write(ip, fs_io_kernel(page_buf), ip->size,
                              MIN(sizeof(page_buf), n - (size_t)done));
    if (got <= 0) {
      done = done ? done : got;
      break;
    }
    done += got;
  }
  inode_unlock_put(ip);
  return done;
}

static int mkdir_at(const char *path)
{
  struct inode *ip;
  int err = fs_create(NULL, path, T_DIR, 0, 0, &ip);
  if (!err)
    inode_unlock_put(ip);
  return err;
}

/* The inode path names, with a reference (NULL if none). */
static struct inode *find(const char *path)
{
  struct inode *ip;
  return path_lookup(NULL, path, &ip) == 0 ? ip : NULL;
}

static short nlink_of(const char *path)
{
  struct inode *ip = find(path);
  if (!ip)
    return -1;
  inode_lock(ip);
  short n = ip->nlink;
  inode_unlock_put(ip);
  return n;
}

/* A file written, read back, truncated and removed gives every frame and
 * every unit of the budget back. */
KTEST(fs_write_read_unlink_returns_frames)
{
  size_t frames = frames_free(), used = fs_frames_used();
  KT_EXPECT_EQ(put_bytes("kt-f", 'a', 3 * PAGE_SIZE + 5), 3 * PAGE_SIZE + 5);
  KT_EXPECT_EQ(fs_frames_used(), used + 1 + 4);   /* the inode and four pages */
  struct inode *ip = find("kt-f");
  KT_ASSERT(ip != NULL);
  inode_lock(ip);
  static uint8_t back[100];
  KT_EXPECT_EQ(inode_read(ip, fs_io_kernel(back), 3 * PAGE_SIZE - 50, sizeof(back)), 55);
  KT_EXPECT(back[0] == 'a' && back[54] == 'a');
  KT_EXPECT_EQ(inode_write(ip, fs_io_kernel("x"), ip->size + 1, 1), -EINVAL);  /* no holes */
  inode_truncate(ip);
  KT_EXPECT_EQ(ip->size, 0);
  inode_unlock_put(ip);
  KT_EXPECT_EQ(fs_frames_used(), used + 1);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-f"), 0);
  KT_EXPECT_EQ(fs_frames_used(), used);
  KT_EXPECT_EQ(frames_free(), frames);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* xv6's error cases: unlink of "." and ".." and of a non-empty directory,
 * a directory opened for writing, chdir into a file, link to a directory,
 * create over a directory, create inside a removed directory. */
KTEST(fs_xv6_error_cases)
{
  int err;
  KT_ASSERT(mkdir_at("kt-d") == 0);
  KT_EXPECT_EQ(mkdir_at("kt-d"), -EEXIST);
  KT_EXPECT_EQ(put_bytes("kt-d/f", 'b', 10), 10);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d/."), -EINVAL);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d/.."), -EINVAL);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d"), -ENOTEMPTY);
  KT_EXPECT(file_open(NULL, "kt-d", O_RDWR, &err) == NULL && err == -EISDIR);
  KT_EXPECT(file_open(NULL, "kt-d", O_CREATE | O_RDONLY, &err) == NULL && err == -EEXIST);
  struct inode *dir = NULL;
  KT_EXPECT_EQ(fs_find_dir(NULL, "kt-d/f", &dir), -ENOTDIR);
  KT_EXPECT_EQ(fs_find_dir(NULL, "kt-d/none", &dir), -ENOENT);
  KT_EXPECT_EQ(fs_link(NULL, "kt-d", "kt-dlink"), -EPERM);
  KT_EXPECT_EQ(fs_link(NULL, "kt-d/f", "kt-d/f"), -EEXIST);
  KT_EXPECT_EQ(fs_link(NULL, "kt-d/none", "kt-x"), -ENOENT);
  KT_EXPECT_EQ(put_bytes("kt-d/f/x", 'c', 1), -ENOTDIR);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d/f"), 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d/f"), -ENOENT);

  /* A removed directory that is still held (a working directory) takes
   * no new entries and has no "." or ".." any more. */
  KT_ASSERT(fs_find_dir(NULL, "kt-d", &dir) == 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-d"), 0);
  struct inode *ip;
  KT_EXPECT_EQ(fs_create(dir, "new", T_FILE, 0, 0, &ip), -ENOENT);
  KT_EXPECT_EQ(path_lookup(dir, "..", &ip), -ENOENT);
  inode_put(dir);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* Link counts as xv6 keeps them: a file counts its names; a directory its
 * parent's entry and its subdirectories' "..". */
KTEST(fs_link_counts)
{
  short root_links = nlink_of("/");
  KT_ASSERT(mkdir_at("kt-a") == 0);
  KT_EXPECT_EQ(nlink_of("/"), root_links + 1);
  KT_EXPECT_EQ(nlink_of("kt-a"), 1);
  KT_ASSERT(mkdir_at("kt-a/b") == 0);
  KT_EXPECT_EQ(nlink_of("kt-a"), 2);
  KT_EXPECT_EQ(nlink_of("kt-a/b/.."), 2);
  KT_EXPECT_EQ(put_bytes("kt-a/b/f", 'd', 1), 1);
  KT_EXPECT_EQ(fs_link(NULL, "kt-a/b/f", "kt-a/g"), 0);
  KT_EXPECT_EQ(nlink_of("kt-a/g"), 2);
  KT_EXPECT_EQ(fs_check(), 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-a/b/f"), 0);
  KT_EXPECT_EQ(nlink_of("kt-a/g"), 1);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-a/b"), 0);
  KT_EXPECT_EQ(nlink_of("kt-a"), 1);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-a/g"), 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-a"), 0);
  KT_EXPECT_EQ(nlink_of("/"), root_links);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* An unlinked file stays readable through an open file, and goes (with its
 * frames) when that file closes. */
KTEST(fs_unlinked_file_lives_until_close)
{
  size_t frames = frames_free();
  int err;
  KT_EXPECT_EQ(put_bytes("kt-u", 'e', 100), 100);
  struct file *f = file_open(NULL, "kt-u", O_RDONLY, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-u"), 0);
  KT_EXPECT(find("kt-u") == NULL);
  inode_lock(f->ip);
  KT_EXPECT_EQ(f->ip->nlink, 0);
  KT_EXPECT_EQ(inode_read(f->ip, fs_io_kernel(page_buf), 0, PAGE_SIZE), 100);
  KT_EXPECT_EQ(page_buf[99], 'e');
  inode_unlock(f->ip);
  KT_EXPECT(frames_free() < frames);
  file_close(f);
  KT_EXPECT_EQ(frames_free(), frames);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* Names compare in DIRSIZ bytes: a 15-character spelling finds the
 * 14-character name, which is stored without a NUL. */
KTEST(fs_fourteen_character_names)
{
  KT_EXPECT_EQ(put_bytes("kt-34567890123", 'f', 1), 1);
  struct inode *a = find("kt-34567890123"), *b = find("kt-345678901234");
  KT_EXPECT(a != NULL && a == b);
  KT_EXPECT(find("kt-3456789012") == NULL);
  if (a)
    inode_put(a);
  if (b)
    inode_put(b);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-345678901234xyz"), 0);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* A file grows to FS_MAX_FILE (at least xv6's MAXFILE, 268 KiB) and no
 * further: a write there is short, then -EFBIG. */
KTEST(fs_largest_file)
{
  KT_ASSERT(FS_MAX_FILE >= 268 * 1024);
  size_t frames = frames_free();
  KT_EXPECT_EQ(put_bytes("kt-big", 'g', FS_MAX_FILE - 1), FS_MAX_FILE - 1);
  KT_EXPECT_EQ(put_bytes("kt-big", 'g', 10), 1);
  KT_EXPECT_EQ(put_bytes("kt-big", 'g', 10), -EFBIG);
  KT_EXPECT_EQ(fs_check(), 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-big"), 0);
  KT_EXPECT_EQ(frames_free(), frames);
}

/* A full file system (fsmax): writes come back short, then -ENOSPC;
 * create and mkdir fail with -ENOSPC; removing a file gives room back. */
KTEST(fs_full_write_short_then_enospc)
{
  size_t max = fs_frames_max(), frames = frames_free();
  fs_budget_set(fs_frames_used() + FILL_BUDGET_FRAMES);
  int64_t got = put_bytes("kt-full", 'h', FILL_BUDGET_FRAMES * PAGE_SIZE);
  KT_EXPECT_EQ(got, (FILL_BUDGET_FRAMES - 1) * PAGE_SIZE);   /* one frame is the inode */
  KT_EXPECT_EQ(put_bytes("kt-full", 'h', 1), -ENOSPC);
  KT_EXPECT_EQ(put_bytes("kt-full2", 'h', 1), -ENOSPC);
  KT_EXPECT_EQ(mkdir_at("kt-dir"), -ENOSPC);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-full"), 0);
  KT_EXPECT_EQ(mkdir_at("kt-dir"), 0);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-dir"), 0);
  fs_budget_set(max);
  KT_EXPECT_EQ(frames_free(), frames);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* One storm round: create, link, write, unlink in a pattern that leaves
 * some names behind for the next round to remove. */
static void storm_round(int round)
{
  char a[16], b[16];
  for (int i = 0; i < STORM_FILES; i++) {
    snprintf(a, sizeof(a), "kt-s%d", i);
    snprintf(b, sizeof(b), "kt-d/l%d", i);
    put_bytes(a, (uint8_t)i, (size_t)(i * 700 + round));
    fs_link(NULL, a, b);
    if ((i + round) % 3 == 0)
      fs_unlink(NULL, a);
    if ((i + round) % 4 == 0)
      fs_unlink(NULL, b);
  }
}

static void storm_clean(void)
{
  char a[16];
  for (int i = 0; i < STORM_FILES; i++) {
    snprintf(a, sizeof(a), "kt-s%d", i);
    fs_unlink(NULL, a);
    snprintf(a, sizeof(a), "kt-d/l%d", i);
    fs_unlink(NULL, a);
  }
  fs_unlink(NULL, "kt-d");
}

/* Storms of create/link/unlink, with and without injected frame failures:
 * link counts always match the names, nothing panics, all frames return. */
KTEST(fs_storm_keeps_invariants)
{
  size_t frames = frames_free();
  for (uint64_t every = 0; every <= 7; every += 7) {
    mkdir_at("kt-d");
    failpoint_arm(FAIL_FRAME_ALLOC, every);
    for (int round = 0; round < STORM_ROUNDS; round++)
      storm_round(round);
    failpoint_arm(FAIL_FRAME_ALLOC, 0);
    KT_EXPECT_EQ(fs_check(), 0);
    storm_clean();
    KT_EXPECT(find("kt-d") == NULL);
    KT_EXPECT_EQ(fs_check(), 0);
    KT_EXPECT_EQ(frames_free(), frames);
  }
}
