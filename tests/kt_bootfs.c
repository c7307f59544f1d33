/* Tests of the boot image as the file system's first contents, path
 * spellings, the open-file table and pipe lifetimes: everything that
 * needs no user memory. (Reading and writing through user buffers is
 * covered by the user-space tests; the file system's own rules by
 * tests/kt_fs.c.) */
#include "tests/ktest.h"
#include "fs/bootfs.h"
#include "fs/file.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "fs/path.h"
#include "fs/pipe.h"
#include "mm/frame.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "uapi/fcntl.h"
#include "uapi/dirent.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

/* The inode number `path` names from the root, 0 if it names nothing. */
static uint32_t inum_of(const char *path)
{
  struct inode *ip;
  if (path_lookup(NULL, path, &ip) != 0)
    return 0;
  uint32_t inum = ip->inum;
  inode_put(ip);
  return inum;
}

/* Every image file is found under each of its spellings (xv6's: repeated
 * and trailing slashes are fine), and under nothing close to them, except
 * that names compare in DIRSIZ bytes: a DIRSIZ-character name is also
 * found with more characters after it. */
KTEST(bootfs_lookup_spellings)
{
  KT_ASSERT(bootfs_count() >= 1);
  for (size_t i = 0; i < bootfs_count(); i++) {
    const struct bootfs_entry *e = bootfs_entry_at(i);
    char path[32];
    KT_ASSERT(e != NULL);
    uint32_t inum = inum_of(e->name);
    KT_EXPECT(inum > ROOTINO);
    snprintf(path, sizeof(path), "/%s", e->name);
    KT_EXPECT_EQ(inum_of(path), inum);
    snprintf(path, sizeof(path), "./%s", e->name);
    KT_EXPECT_EQ(inum_of(path), inum);
    snprintf(path, sizeof(path), "//%s", e->name);
    KT_EXPECT_EQ(inum_of(path), inum);
    snprintf(path, sizeof(path), "%s/", e->name);
    KT_EXPECT_EQ(inum_of(path), inum);
    snprintf(path, sizeof(path), "%s/x", e->name);   /* a file is no directory */
    KT_EXPECT_EQ(inum_of(path), 0);
    snprintf(path, sizeof(path), "%sx", e->name);   /* cut back to e's name at DIRSIZ */
    KT_EXPECT((inum_of(path) == inum) == (strlen(e->name) == DIRSIZ));
    strlcpy(path, e->name, strlen(e->name));   /* all but the last char */
    KT_EXPECT(inum_of(path) != inum);
  }
  KT_EXPECT_EQ(inum_of("no-such-prog"), 0);
  KT_EXPECT_EQ(inum_of("a-name-longer-than-dirsiz"), 0);
}

/* The root answers to every spelling, ".." included (its ".." is itself). */
KTEST(bootfs_root_spellings)
{
  const char *roots[] = { "/", ".", "./", "", "//", "..", "/..", "./../." };
  for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
    KT_EXPECT_EQ(inum_of(roots[i]), ROOTINO);
  KT_EXPECT(inum_of("console") != ROOTINO);
  KT_EXPECT(inum_of("README") != ROOTINO && inum_of("README") != 0);
}

/* Every image entry became a file with the same bytes (copied into file
 * frames, not referenced), and /console is the device, major 1. */
KTEST(bootfs_files_match_image)
{
  static uint8_t chunk[512];
  for (size_t i = 0; i < bootfs_count(); i++) {
    const struct bootfs_entry *e = bootfs_entry_at(i);
    struct inode *ip;
    KT_ASSERT(path_lookup(NULL, e->name, &ip) == 0);
    inode_lock(ip);
    KT_EXPECT_EQ(ip->type, T_FILE);
    KT_EXPECT_EQ(ip->nlink, 1);
    KT_EXPECT_EQ(ip->size, e->size);
    for (uint64_t off = 0; off < e->size; off += sizeof(chunk)) {
      int64_t got = inode_read(ip, fs_io_kernel(chunk), off, sizeof(chunk));
      KT_EXPECT_EQ(got, MIN(sizeof(chunk), e->size - off));
      KT_EXPECT(got > 0 && memcmp(chunk, e->data + off, (size_t)got) == 0);
      KT_EXPECT(got <= 0 || (void *)chunk != (void *)(e->data + off));
    }
    inode_unlock_put(ip);
  }
  struct inode *con;
  KT_ASSERT(path_lookup(NULL, "/console", &con) == 0);
  inode_lock(con);
  KT_EXPECT_EQ(con->type, T_DEVICE);
  KT_EXPECT_EQ(con->major, CONSOLE_MAJOR);
  KT_EXPECT_EQ(con->size, 0);
  inode_unlock_put(con);
}

/* Reading "/" yields whole struct dirent records: ".", "..", each image
 * file once, and the console; then nothing. */
KTEST(bootfs_root_listing)
{
  static struct dirent recs[128];
  struct inode *root;
  KT_ASSERT(path_lookup(NULL, "/", &root) == 0);
  inode_lock(root);
  KT_EXPECT_EQ(root->size % sizeof(struct dirent), 0);
  KT_ASSERT(root->size <= sizeof(recs));
  int64_t got = inode_read(root, fs_io_kernel(recs), 0, sizeof(recs));
  KT_EXPECT_EQ(got, root->size);
  KT_EXPECT_EQ(inode_read(root, fs_io_kernel(recs), root->size, sizeof(recs)), 0);
  inode_unlock_put(root);
  size_t n = (size_t)got / sizeof(struct dirent);
  KT_ASSERT(n >= 3);
  KT_EXPECT(recs[0].inum == ROOTINO && strcmp(recs[0].name, ".") == 0);
  KT_EXPECT(recs[1].inum == ROOTINO && strcmp(recs[1].name, "..") == 0);
  size_t names = 0, console = 0;
  for (size_t i = 0; i < n; i++) {
    console += recs[i].inum != 0 && strncmp(recs[i].name, "console", DIRSIZ) == 0;
    for (size_t k = 0; k < bootfs_count(); k++)
      names += recs[i].inum != 0 &&
               strncmp(recs[i].name, bootfs_entry_at(k)->name, DIRSIZ) == 0;
  }
  KT_EXPECT_EQ(names, bootfs_count());
  KT_EXPECT_EQ(console, 1);
}

KTEST(file_alloc_dup_close_refcounts)
{
  struct file *f = file_alloc();
  KT_ASSERT(f != NULL);
  KT_EXPECT_EQ(f->refs, 1);
  KT_EXPECT_EQ(f->type, FILE_NONE);
  KT_EXPECT(file_dup(f) == f);
  KT_EXPECT_EQ(f->refs, 2);
  file_close(f);
  KT_EXPECT_EQ(f->refs, 1);    /* still held */
  file_close(f);
  KT_EXPECT_EQ(f->refs, 0);    /* the slot is free again */
}

/* Takes every free slot; returns how many (they are chained in held[]). */
static size_t fill_table(struct file *held[NFILE + 1])
{
  size_t got = 0;
  while (got <= NFILE && (held[got] = file_alloc()) != NULL)
    got++;
  return got;
}

/* At most NFILE files exist; when none is free, allocation and opens fail
 * cleanly, and one close makes exactly one slot available. */
KTEST(file_table_fills_and_recovers)
{
  static struct file *held[NFILE + 1];
  size_t got = fill_table(held);
  KT_EXPECT(got >= 1 && got <= NFILE);
  KT_EXPECT(file_alloc() == NULL);
  int err = 0;
  KT_EXPECT(file_open(NULL, "console", O_RDWR, &err) == NULL);
  KT_EXPECT_EQ(err, -ENFILE);
  struct file *r = NULL, *w = NULL;
  size_t frames = frames_free();
  KT_EXPECT_EQ(pipe_create(&r, &w), -ENFILE);
  KT_EXPECT_EQ(frames_free(), frames);   /* the pipe frame went back */

  file_close(held[got - 1]);
  struct file *again = file_alloc();
  KT_EXPECT(again != NULL);
  KT_EXPECT(file_alloc() == NULL);
  if (again)
    held[got - 1] = again;
  else
    got--;
  for (size_t i = 0; i < got; i++)
    file_close(held[i]);
  KT_EXPECT_EQ(fill_table(held), got);   /* every slot came back */
  for (size_t i = 0; i < got; i++)
    file_close(held[i]);
}

/* A pipe's frame stays until both ends are closed, in either order; the
 * file types and directions are right. */
KTEST(pipe_frame_freed_with_last_end)
{
  for (int order = 0; order < 2; order++) {
    size_t before = frames_free();
    struct file *r, *w;
    KT_ASSERT(pipe_create(&r, &w) == 0);
    KT_EXPECT_EQ(frames_free(), before - 1);
    KT_EXPECT(r->type == FILE_PIPE && w->type == FILE_PIPE && r->pipe == w->pipe);
    KT_EXPECT(r->readable && !r->writable && w->writable && !w->readable);
    file_close(order ? w : r);
    KT_EXPECT_EQ(frames_free(), before - 1);
    file_close(order ? r : w);
    KT_EXPECT_EQ(frames_free(), before);
  }
}

/* Open rules (xv6's): the console in any mode; a directory only for
 * reading; a missing name only with O_CREATE; files in any mode. */
KTEST(file_open_rules)
{
  int err = 0;
  struct file *f = file_open(NULL, "console", O_RDWR, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_DEVICE && f->major == CONSOLE_MAJOR);
  KT_EXPECT(f->readable && f->writable);
  file_close(f);
  f = file_open(NULL, "/console", O_WRONLY, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_DEVICE && !f->readable && f->writable);
  file_close(f);

  const char *roots[] = { "/", ".", "" };
  for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
    f = file_open(NULL, roots[i], O_RDONLY, &err);
    KT_ASSERT(f != NULL);
    KT_EXPECT(f->type == FILE_INODE && f->ip->inum == ROOTINO);
    KT_EXPECT(f->readable && !f->writable);
    file_close(f);
    KT_EXPECT(file_open(NULL, roots[i], O_RDWR, &err) == NULL);
    KT_EXPECT_EQ(err, -EISDIR);
    KT_EXPECT(file_open(NULL, roots[i], O_WRONLY, &err) == NULL);
    KT_EXPECT_EQ(err, -EISDIR);
  }

  KT_EXPECT(file_open(NULL, "no-such-prog", O_RDONLY, &err) == NULL);
  KT_EXPECT_EQ(err, -ENOENT);
  size_t frames = frames_free();
  f = file_open(NULL, "kt-open-new", O_CREATE | O_WRONLY, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_INODE && !f->readable && f->writable && f->offset == 0);
  file_close(f);
  KT_EXPECT_EQ(fs_unlink(NULL, "kt-open-new"), 0);
  KT_EXPECT_EQ(frames_free(), frames);

  KT_ASSERT(bootfs_count() >= 1);
  const struct bootfs_entry *prog = bootfs_entry_at(0);
  const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
  for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
    f = file_open(NULL, prog->name, modes[i], &err);
    KT_ASSERT(f != NULL);
    KT_EXPECT(f->type == FILE_INODE && f->offset == 0);
    KT_EXPECT(f->readable == (modes[i] != O_WRONLY));
    KT_EXPECT(f->writable == (modes[i] != O_RDONLY));
    file_close(f);
  }
}
