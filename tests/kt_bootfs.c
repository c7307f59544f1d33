/* Tests of the boot image directory, the open-file table and pipe
 * lifetimes: everything that needs no user memory. (Reading and writing
 * through user buffers is covered by the user-space tests.) */
#include "tests/ktest.h"
#include "fs/bootfs.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "mm/frame.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "uapi/fcntl.h"
#include "uapi/dirent.h"
#include "uapi/limits.h"

/* Every entry is found under each of its three spellings, and under
 * nothing close to them, except that (as in xv6) names compare in DIRSIZ
 * bytes: a DIRSIZ-character name is also found with more characters after
 * it. */
KTEST(bootfs_lookup_spellings)
{
  bootfs_init();   /* idempotent; the kernel has called it already */
  KT_ASSERT(bootfs_count() >= 1);
  for (size_t i = 0; i < bootfs_count(); i++) {
    const struct bootfs_entry *e = bootfs_entry_at(i);
    char path[32];
    KT_ASSERT(e != NULL);
    KT_EXPECT(bootfs_lookup(e->name) == e);
    snprintf(path, sizeof(path), "/%s", e->name);
    KT_EXPECT(bootfs_lookup(path) == e);
    snprintf(path, sizeof(path), "./%s", e->name);
    KT_EXPECT(bootfs_lookup(path) == e);
    snprintf(path, sizeof(path), "//%s", e->name);
    KT_EXPECT(bootfs_lookup(path) == NULL);
    snprintf(path, sizeof(path), "%s/", e->name);
    KT_EXPECT(bootfs_lookup(path) == NULL);
    snprintf(path, sizeof(path), "%sx", e->name);   /* cut back to e's name at DIRSIZ */
    KT_EXPECT((bootfs_lookup(path) == e) == (strlen(e->name) == DIRSIZ));
    strlcpy(path, e->name, strlen(e->name));   /* all but the last char */
    KT_EXPECT(bootfs_lookup(path) != e);
  }
  KT_EXPECT(bootfs_lookup("") == NULL);
  KT_EXPECT(bootfs_lookup("/") == NULL);
  KT_EXPECT(bootfs_lookup("./") == NULL);
  KT_EXPECT(bootfs_lookup("no-such-prog") == NULL);
  KT_EXPECT(bootfs_lookup("a-name-longer-than-dirsiz") == NULL);
}

KTEST(bootfs_root_spellings)
{
  KT_EXPECT(bootfs_is_root("/"));
  KT_EXPECT(bootfs_is_root("."));
  KT_EXPECT(bootfs_is_root("./"));
  KT_EXPECT(bootfs_is_root(""));
  KT_EXPECT(!bootfs_is_root("//"));
  KT_EXPECT(!bootfs_is_root(".."));
  KT_EXPECT(!bootfs_is_root("console"));
}

/* Programs have inodes 2..N+1 and the console comes last with N+2; all
 * names fit a dirent with their NUL. */
KTEST(bootfs_inums_and_console)
{
  size_t n = bootfs_count();
  const struct bootfs_entry *con = bootfs_console();
  KT_EXPECT(bootfs_entry_at(n - 1) == con);
  KT_EXPECT(bootfs_entry_at(n) == NULL);
  KT_EXPECT(bootfs_lookup("console") == con);
  KT_EXPECT(bootfs_lookup("/console") == con);
  KT_EXPECT_EQ(con->size, 0);
  KT_EXPECT(con->data != NULL);
  for (size_t i = 0; i < n; i++) {
    const struct bootfs_entry *e = bootfs_entry_at(i);
    KT_EXPECT_EQ(e->inum, ROOTINO + 1 + i);
    KT_EXPECT(strlen(e->name) >= 1 && strlen(e->name) <= DIRSIZ);
  }
}

/* The listing has one record per entry, in order, then nothing; it never
 * splits a record. */
KTEST(bootfs_read_dir_records)
{
  static struct dirent recs[64];
  size_t n = bootfs_count();
  KT_ASSERT(n <= ARRAY_SIZE(recs));
  memset(recs, 0xff, sizeof(recs));
  KT_EXPECT_EQ(bootfs_read_dir(0, recs, sizeof(recs)), n * sizeof(struct dirent));
  for (size_t i = 0; i < n; i++) {
    const struct bootfs_entry *e = bootfs_entry_at(i);
    KT_EXPECT_EQ(recs[i].inum, e->inum);
    KT_EXPECT(strncmp(recs[i].name, e->name, DIRSIZ) == 0);
  }
  KT_EXPECT_EQ(bootfs_read_dir(n * sizeof(struct dirent), recs, sizeof(recs)), 0);
  KT_EXPECT_EQ(bootfs_read_dir(0, recs, sizeof(struct dirent) + 15), sizeof(struct dirent));
  KT_EXPECT_EQ(bootfs_read_dir(0, recs, sizeof(struct dirent) - 1), -EINVAL);
  KT_EXPECT_EQ(bootfs_read_dir(8, recs, sizeof(recs)), -EINVAL);
  /* The second record read alone is the second entry. */
  KT_EXPECT_EQ(bootfs_read_dir(sizeof(struct dirent), recs, sizeof(struct dirent)),
               n >= 2 ? sizeof(struct dirent) : 0);
  if (n >= 2)
    KT_EXPECT_EQ(recs[0].inum, bootfs_entry_at(1)->inum);
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
  KT_EXPECT(file_open("console", O_RDWR, &err) == NULL);
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

/* Open rules: read-only image and root, the console in any mode. */
KTEST(file_open_rules)
{
  int err = 0;
  struct file *f = file_open("console", O_RDWR, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_CONSOLE && f->readable && f->writable);
  file_close(f);
  f = file_open("/console", O_WRONLY, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_CONSOLE && !f->readable && f->writable);
  file_close(f);

  const char *roots[] = { "/", ".", "" };
  for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
    f = file_open(roots[i], O_RDONLY, &err);
    KT_ASSERT(f != NULL);
    KT_EXPECT(f->type == FILE_DIR && f->readable && !f->writable);
    file_close(f);
    KT_EXPECT(file_open(roots[i], O_RDWR, &err) == NULL);
    KT_EXPECT_EQ(err, -EROFS);
  }

  KT_EXPECT(file_open("no-such-prog", O_RDONLY, &err) == NULL);
  KT_EXPECT_EQ(err, -ENOENT);
  KT_EXPECT(file_open("no-such-prog", O_CREATE | O_WRONLY, &err) == NULL);
  KT_EXPECT_EQ(err, -EROFS);

  if (bootfs_count() < 2)
    return;   /* no programs in this image */
  const struct bootfs_entry *prog = bootfs_entry_at(0);
  f = file_open(prog->name, O_RDONLY, &err);
  KT_ASSERT(f != NULL);
  KT_EXPECT(f->type == FILE_IMAGE && f->entry == prog && f->offset == 0);
  KT_EXPECT(f->readable && !f->writable);
  file_close(f);
  const int modify[] = { O_WRONLY, O_RDWR, O_CREATE, O_TRUNC };
  for (size_t i = 0; i < ARRAY_SIZE(modify); i++) {
    KT_EXPECT(file_open(prog->name, modify[i], &err) == NULL);
    KT_EXPECT_EQ(err, -EROFS);
  }
}
