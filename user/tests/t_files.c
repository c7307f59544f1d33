/* The writable file system (xv6 semantics): creating, writing, truncating
 * and removing files; directories and their error cases; links; names cut
 * to DIRSIZ; files open after unlink; offsets shared through fork and dup;
 * several processes racing on the same names; a full file system and its
 * recovery; exec of a program copied into a new file; file I/O through
 * copy-on-write pages; lasterr() and strerror().
 *
 * Every test works under names of its own ("tf_" + the test) and removes
 * everything it created, including on the way to each check it expects to
 * pass: the runner compares free frames before and after the test, and file
 * data are frames. A test that fails midway may leave its names behind;
 * each test therefore starts by removing leftovers of an earlier run
 * (tf_clean), so one failure does not cascade into the next boot's run. */
#include "tutil.h"
#include "tests.h"
#include "kernel/fs.h"
#include "user/errno.h"

/* Fails the test unless expr returns -1 with lasterr() == err. */
#define CHECK_ERRNO(expr, err)          \
  do {                                  \
    CHECK_EQ((expr), -1);               \
    CHECK_EQ(lasterr(), (err));         \
  } while (0)

/* ---- helpers --------------------------------------------------------------- */

/* Removes path if it exists, ignoring failure (leftovers of a failed run).
 * Then it must be gone. */
static void tf_clean(const char *path)
{
  struct stat st;
  unlink(path);
  CHECK(stat(path, &st) < 0);
}

/* Creates (or truncates) path and writes n bytes of buf to it. */
static void tf_write_file(const char *path, const void *buf, int n)
{
  int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);
  if (fd < 0) {
    printf("# cannot create %s: %s\n", path, strerror(lasterr()));
    FAIL("create failed");
  }
  t_write_full(fd, buf, n);
  CHECK_EQ(close(fd), 0);
}

/* Reads up to max bytes of path into buf; returns how many there were
 * (and fails the test if the file holds more than max). */
static int tf_read_file(const char *path, void *buf, int max)
{
  char extra;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("# cannot open %s: %s\n", path, strerror(lasterr()));
    FAIL("open failed");
  }
  int got = 0, r;
  while (got < max && (r = read(fd, (char *)buf + got, max - got)) > 0)
    got += r;
  CHECK_EQ(read(fd, &extra, 1), 0);
  close(fd);
  return got;
}

/* Removes path, which must exist. */
static void tf_unlink(const char *path)
{
  if (unlink(path) != 0) {
    printf("# cannot remove %s: %s\n", path, strerror(lasterr()));
    FAIL("unlink failed");
  }
}

static void tf_mkdir(const char *path)
{
  if (mkdir(path) != 0) {
    printf("# cannot mkdir %s: %s\n", path, strerror(lasterr()));
    FAIL("mkdir failed");
  }
}

static struct stat tf_stat(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    printf("# cannot stat %s: %s\n", path, strerror(lasterr()));
    FAIL("stat failed");
  }
  return st;
}

/* Returns 1 if the entry's name is want (names fill DIRSIZ bytes and are
 * NUL-terminated only when shorter). */
static int tf_name_is(const struct dirent *de, const char *want)
{
  int len = strlen(want);
  if (len > DIRSIZ || memcmp(de->name, want, len) != 0)
    return 0;
  return len == DIRSIZ || de->name[len] == 0;
}

/* Number of used entries in directory path other than "." and "..". */
static int tf_dir_entries(const char *path)
{
  struct dirent de;
  int fd = open(path, O_RDONLY), n, count = 0;
  CHECK(fd >= 0);
  while ((n = read(fd, &de, sizeof de)) == sizeof de) {
    if (de.inum == 0)
      continue;
    if (tf_name_is(&de, ".") || tf_name_is(&de, ".."))
      continue;
    count++;
  }
  CHECK_EQ(n, 0);
  close(fd);
  return count;
}

/* Inode number of entry name in directory path, or 0 if not listed. */
static int tf_dir_lookup(const char *path, const char *name)
{
  struct dirent de;
  int fd = open(path, O_RDONLY), inum = 0;
  CHECK(fd >= 0 && strlen(name) <= DIRSIZ);
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum != 0 && tf_name_is(&de, name)) {
      CHECK_EQ(inum, 0); /* listed once */
      inum = de.inum;
    }
  }
  close(fd);
  return inum;
}

/* The byte at offset i of the test pattern for files (not periodic in
 * 4096 or in the chunk sizes used, so misplaced pages show). */
static uint8 tf_pattern(uint64 i)
{
  return (uint8)(i * 7 + i / 4093 + 1);
}

/* ---- create, read, write, truncate ---------------------------------------- */

/* Guards against O_CREATE not creating, O_TRUNC not truncating, O_CREATE
 * alone truncating, writes not extending the size, the access mode of an
 * open file not being enforced, or a file's bytes changing between close
 * and open. */
void test_files_basic(void)
{
  static const char *name = "tf_basic";
  char buf[64];
  struct stat st;
  tf_clean(name);

  int fd = open(name, O_CREATE | O_RDWR);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.type, T_FILE);
  CHECK_EQ(st.size, 0);
  CHECK_EQ(st.nlink, 1);
  CHECK_EQ(write(fd, "hello, ", 7), 7);
  CHECK_EQ(write(fd, "world", 5), 5);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, 12);
  CHECK_EQ(read(fd, buf, sizeof buf), 0); /* the offset is at the end */
  close(fd);

  CHECK_EQ(tf_read_file(name, buf, sizeof buf), 12);
  CHECK(memcmp(buf, "hello, world", 12) == 0);

  /* O_CREATE on an existing file opens it as it is. */
  fd = open(name, O_CREATE | O_WRONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "J", 1), 1);        /* overwrites in place */
  CHECK_EQ(read(fd, buf, 1), -1);        /* write-only */
  close(fd);
  CHECK_EQ(tf_read_file(name, buf, sizeof buf), 12);
  CHECK(memcmp(buf, "Jello, world", 12) == 0);

  fd = open(name, O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "x", 1), -1);       /* read-only */
  close(fd);

  fd = open(name, O_RDWR | O_TRUNC);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, 0);
  CHECK_EQ(read(fd, buf, sizeof buf), 0);
  CHECK_EQ(write(fd, "ab", 2), 2);
  close(fd);
  CHECK_EQ(tf_read_file(name, buf, sizeof buf), 2);
  CHECK(memcmp(buf, "ab", 2) == 0);

  CHECK_EQ(open("tf_nosuch", O_RDONLY), -1); /* no O_CREATE: not created */
  CHECK(stat("tf_nosuch", &st) < 0);
  tf_unlink(name);
  CHECK(stat(name, &st) < 0);
  CHECK_EQ(open(name, O_RDONLY), -1);
}

#define BIG_BYTES (300 * 1024)  /* > xv6's MAXFILE * BSIZE = 268 KiB */

/* n bytes of fresh heap, mapped now (the test's child frees it at exit). */
static void *tf_heap(int n)
{
  void *p = sbrk(n);
  if (p == SBRK_ERROR)
    FAIL("sbrk failed");
  return p;
}

/* Guards against big files losing or misplacing pages (sizes past xv6's
 * 268 KiB limit, written and read in odd-sized chunks that straddle
 * pages), an overwrite changing the size, and O_TRUNC not giving the
 * file's frames back. */
void test_files_big(void)
{
  static const char *name = "tf_big";
  static const int wchunks[] = { 1, 4095, 4097, 1000, 8192, 333 };
  struct stat st;
  uint8 *big_buf = tf_heap(BIG_BYTES);
  tf_clean(name);
  for (int i = 0; i < BIG_BYTES; i++)
    big_buf[i] = tf_pattern(i);

  t_touch_stack(); /* no COW copies of our stack inside the counts */
  long free0 = t_free_frames();
  int fd = open(name, O_CREATE | O_RDWR);
  CHECK(fd >= 0);
  for (int off = 0, k = 0; off < BIG_BYTES; k++) {
    int n = wchunks[k % NELEM(wchunks)];
    if (n > BIG_BYTES - off)
      n = BIG_BYTES - off;
    t_write_full(fd, big_buf + off, n);
    off += n;
  }
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, BIG_BYTES);
  close(fd);
  long used = free0 - t_free_frames();
  printf("# %d bytes in %ld frames\n", BIG_BYTES, used);
  CHECK(used >= BIG_BYTES / PGSIZE); /* file data are frames */

  memset(big_buf, 0, BIG_BYTES);
  fd = open(name, O_RDONLY);
  CHECK(fd >= 0);
  for (int off = 0; off < BIG_BYTES;) {
    int n = BIG_BYTES - off < 5003 ? BIG_BYTES - off : 5003; /* within the heap */
    int r = read(fd, big_buf + off, n);
    CHECK(r > 0);
    off += r;
  }
  CHECK_EQ(read(fd, big_buf, 1), 0);
  close(fd);
  for (int i = 0; i < BIG_BYTES; i++) {
    if (big_buf[i] != tf_pattern(i)) {
      printf("# byte %d: got %d, want %d\n", i, big_buf[i], tf_pattern(i));
      FAIL("big file read back wrong");
    }
  }

  /* Overwriting the start changes bytes, not the size. */
  fd = open(name, O_RDWR);
  CHECK(fd >= 0);
  t_write_full(fd, "XYZ", 3);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, BIG_BYTES);
  close(fd);

  /* O_TRUNC frees the data frames (within a few for the inode). */
  fd = open(name, O_RDWR | O_TRUNC);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, 0);
  close(fd);
  CHECK(free0 - t_free_frames() <= 4);
  tf_unlink(name);
}

/* ---- directories --------------------------------------------------------- */

/* Guards against mkdir making something that is not a directory, "." and
 * ".." missing or pointing elsewhere, files in subdirectories not being
 * found by relative and absolute paths, and chdir into a new directory
 * not changing where relative names resolve. */
void test_files_dirs(void)
{
  char buf[8];
  tf_clean("/tf_dirs/sub/f");
  tf_clean("/tf_dirs/sub");
  tf_clean("/tf_dirs");

  tf_mkdir("tf_dirs");
  tf_mkdir("/tf_dirs/sub");
  struct stat root = tf_stat("/"), d = tf_stat("tf_dirs"), sub = tf_stat("tf_dirs/sub");
  CHECK_EQ(d.type, T_DIR);
  CHECK_EQ(sub.type, T_DIR);
  CHECK(d.ino != sub.ino && d.ino != root.ino);
  CHECK_EQ(tf_dir_lookup("tf_dirs", "."), d.ino);
  CHECK_EQ(tf_dir_lookup("tf_dirs", ".."), root.ino);
  CHECK_EQ(tf_dir_lookup("tf_dirs/sub", ".."), d.ino);
  CHECK_EQ(tf_dir_lookup("/", "tf_dirs"), d.ino);
  CHECK_EQ(tf_dir_entries("tf_dirs"), 1);
  CHECK_EQ(tf_stat("tf_dirs/sub/..").ino, d.ino);
  CHECK_EQ(tf_stat("tf_dirs/sub/../..").ino, root.ino);
  CHECK_EQ(tf_stat("/..").ino, root.ino); /* the root is its own parent */

  tf_write_file("/tf_dirs/sub/f", "in sub", 6);
  CHECK_EQ(tf_dir_entries("tf_dirs/sub"), 1);
  CHECK(tf_dir_lookup("tf_dirs/sub", "f") != 0);
  CHECK_EQ(chdir("tf_dirs"), 0);
  CHECK_EQ(tf_read_file("sub/f", buf, sizeof buf), 6);
  CHECK_EQ(chdir("sub"), 0);
  CHECK_EQ(tf_read_file("f", buf, sizeof buf), 6);
  CHECK(memcmp(buf, "in sub", 6) == 0);
  CHECK_EQ(tf_stat(".").ino, sub.ino);
  CHECK_EQ(chdir("../.."), 0);
  CHECK_EQ(tf_stat(".").ino, root.ino);

  tf_unlink("tf_dirs/sub/f");
  CHECK_EQ(tf_dir_entries("tf_dirs/sub"), 0);
  tf_unlink("tf_dirs/sub");    /* an empty directory can be removed */
  tf_unlink("tf_dirs");
  CHECK_EQ(tf_dir_lookup("/", "tf_dirs"), 0);
}

/* Guards against the directory error cases succeeding: mkdir of an
 * existing name, unlink of "." / ".." / a non-empty directory, writing a
 * directory or opening it for writing, chdir into a file, a link to a
 * directory, names under a file or under a missing directory. Afterwards
 * the directory and its file must be intact. */
void test_files_dir_errors(void)
{
  struct stat st;
  tf_clean("tf_derr/f");
  tf_clean("tf_derr");

  tf_mkdir("tf_derr");
  tf_write_file("tf_derr/f", "x", 1);
  CHECK_EQ(mkdir("tf_derr"), -1);
  CHECK_EQ(mkdir("tf_derr/f"), -1);            /* a file has the name */
  CHECK_EQ(open("tf_derr", O_CREATE | O_RDWR), -1);
  CHECK_EQ(unlink("tf_derr/."), -1);
  CHECK_EQ(unlink("tf_derr/.."), -1);
  CHECK_EQ(unlink("tf_derr"), -1);             /* not empty */
  CHECK_EQ(open("tf_derr", O_WRONLY), -1);
  CHECK_EQ(open("tf_derr", O_RDWR), -1);
  CHECK_EQ(open("tf_derr", O_WRONLY | O_TRUNC), -1);
  int fd = open("tf_derr", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "junk", 4), -1);
  close(fd);
  CHECK_EQ(chdir("tf_derr/f"), -1);
  CHECK_EQ(link("tf_derr", "tf_derr2"), -1);   /* no links to directories */
  CHECK(stat("tf_derr2", &st) < 0);
  CHECK_EQ(link("tf_derr/f", "tf_derr/f"), -1); /* the name exists */
  CHECK_EQ(link("tf_nosuch", "tf_derr/g"), -1);
  CHECK_EQ(link("tf_derr/f", "tf_nosuch/g"), -1);
  CHECK_EQ(open("tf_derr/f/x", O_CREATE | O_RDWR), -1);
  CHECK_EQ(mkdir("tf_derr/f/x"), -1);
  CHECK_EQ(open("tf_nosuch/x", O_CREATE | O_RDWR), -1);
  CHECK_EQ(mkdir("tf_nosuch/x"), -1);
  CHECK_EQ(unlink("tf_nosuch"), -1);
  CHECK_EQ(unlink("/"), -1);

  /* Nothing changed. */
  CHECK_EQ(tf_dir_entries("tf_derr"), 1);
  CHECK_EQ(tf_stat("tf_derr").type, T_DIR);
  CHECK_EQ(tf_stat("tf_derr/f").size, 1);
  CHECK_EQ(chdir("tf_derr"), 0);
  CHECK_EQ(chdir("/"), 0);
  tf_unlink("tf_derr/f");
  tf_unlink("tf_derr");
}

/* Guards against link not making a second name for the same inode, nlink
 * (fstat) not counting names, unlink of one name removing the data, and a
 * link across directories going wrong. */
void test_files_links(void)
{
  char buf[16];
  tf_clean("tf_lnk/b");
  tf_clean("tf_lnk");
  tf_clean("tf_lna");

  tf_write_file("tf_lna", "linked", 6);
  tf_mkdir("tf_lnk");
  CHECK_EQ(link("tf_lna", "tf_lnk/b"), 0);
  struct stat a = tf_stat("tf_lna"), b = tf_stat("tf_lnk/b");
  CHECK_EQ(a.ino, b.ino);
  CHECK_EQ(a.nlink, 2);
  CHECK_EQ(b.nlink, 2);

  /* A write through one name shows through the other. */
  int fd = open("tf_lnk/b", O_WRONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "L", 1), 1);
  close(fd);
  CHECK_EQ(tf_read_file("tf_lna", buf, sizeof buf), 6);
  CHECK(memcmp(buf, "Linked", 6) == 0);

  tf_unlink("tf_lna");
  CHECK_EQ(tf_stat("tf_lnk/b").nlink, 1);
  CHECK_EQ(tf_read_file("tf_lnk/b", buf, sizeof buf), 6);
  CHECK(memcmp(buf, "Linked", 6) == 0);
  tf_unlink("tf_lnk/b");
  tf_unlink("tf_lnk");
}

/* Guards against mknod not making a device file that reaches the driver
 * (major 1 is the console) and unlink not removing one. */
void test_files_mknod(void)
{
  tf_clean("tf_cons");
  CHECK_EQ(mknod("tf_cons", 1, 0), 0);
  CHECK_EQ(tf_stat("tf_cons").type, T_DEVICE);
  CHECK_EQ(mknod("tf_cons", 1, 0), -1); /* the name exists */
  int fd = open("tf_cons", O_WRONLY);
  CHECK(fd >= 0);
  static const char msg[] = "# files_mknod: written through tf_cons\n";
  CHECK_EQ(write(fd, msg, sizeof msg - 1), sizeof msg - 1);
  close(fd);
  tf_unlink("tf_cons");
  CHECK_EQ(open("tf_cons", O_WRONLY), -1);
}

#define NAME14  "tf_fourteen_ab"        /* DIRSIZ characters */
#define FILE14  "file_fourteen1"

/* Guards against names longer than DIRSIZ not being cut to 14 characters
 * as xv6 does, in mkdir, create and lookup alike, and a 14-character name
 * being refused or stored with a NUL it has no room for. */
void test_files_fourteen(void)
{
  tf_clean(NAME14 "/" FILE14);
  tf_clean(NAME14);

  tf_mkdir(NAME14 "XYZ");                /* stored as NAME14 */
  CHECK_EQ(tf_stat(NAME14).type, T_DIR);
  CHECK_EQ(tf_dir_lookup("/", NAME14), tf_stat(NAME14).ino);
  CHECK_EQ(mkdir(NAME14), -1);           /* the same name */
  tf_write_file(NAME14 "Q/" FILE14 "2345", "14", 2);
  char buf[4];
  CHECK_EQ(tf_read_file(NAME14 "/" FILE14, buf, sizeof buf), 2);
  CHECK_EQ(tf_read_file(NAME14 "_/" FILE14 "_", buf, sizeof buf), 2);
  CHECK(tf_dir_lookup(NAME14, FILE14) != 0);
  CHECK_EQ(tf_dir_entries(NAME14), 1);
  CHECK_EQ(open(NAME14 "/file_fourteen", O_RDONLY), -1); /* 13: another name */

  tf_unlink(NAME14 "/" FILE14 "...");
  tf_unlink(NAME14 "!");
  CHECK_EQ(tf_dir_lookup("/", NAME14), 0);
}

/* ---- open files ------------------------------------------------------------ */

/* Guards against unlink freeing a file that is still open (its data must
 * stay readable and writable through the descriptor, with nlink 0) and
 * against the name surviving, or the data never being freed after the
 * last close (the runner's leak check). */
void test_files_unlink_open(void)
{
  static const char *name = "tf_unlopen";
  static char data[3 * PGSIZE];
  struct stat st;
  tf_clean(name);
  for (int i = 0; i < (int)sizeof data; i++)
    data[i] = tf_pattern(i);

  tf_write_file(name, data, sizeof data);
  int fd = open(name, O_RDWR);
  CHECK(fd >= 0);
  tf_unlink(name);
  CHECK(stat(name, &st) < 0);
  CHECK_EQ(tf_dir_lookup("/", name), 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.nlink, 0);
  CHECK_EQ(st.size, sizeof data);

  /* A new file under the old name is another file. */
  tf_write_file(name, "new", 3);
  CHECK(tf_stat(name).ino != st.ino);
  tf_unlink(name);

  static char back[sizeof data];
  t_read_full(fd, back, sizeof back);
  CHECK(memcmp(back, data, sizeof data) == 0);
  CHECK_EQ(write(fd, "more", 4), 4);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.size, sizeof data + 4);
  close(fd);
  CHECK(stat(name, &st) < 0);
}

/* Guards against a forked child's descriptor having its own offset (it
 * shares the parent's open file, as dup does), so writes from both would
 * overwrite each other instead of following one another. */
void test_files_shared_offset(void)
{
  static const char *name = "tf_offset";
  char buf[32];
  tf_clean(name);

  int fd = open(name, O_CREATE | O_TRUNC | O_RDWR);
  CHECK(fd >= 0);
  t_write_full(fd, "parent1 ", 8);
  int pid = t_fork();
  if (pid == 0) {
    t_write_full(fd, "child ", 6);
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  t_write_full(fd, "parent2 ", 8);
  int d = dup(fd);
  CHECK(d >= 0);
  t_write_full(d, "dup ", 4);
  t_write_full(fd, "end", 3);
  close(d);
  close(fd);

  static const char want[] = "parent1 child parent2 dup end";
  CHECK_EQ(tf_read_file(name, buf, sizeof buf), sizeof want - 1);
  CHECK(memcmp(buf, want, sizeof want - 1) == 0);

  /* Two opens of one file have two offsets. */
  int a = open(name, O_RDONLY), b = open(name, O_RDONLY);
  CHECK(a >= 0 && b >= 0);
  t_read_full(a, buf, 8);
  t_read_full(b, buf + 8, 8);
  CHECK(memcmp(buf, buf + 8, 8) == 0);
  close(a);
  close(b);
  tf_unlink(name);
}

/* ---- concurrency ------------------------------------------------------------ */

#define RACE_DIR    "tf_race"
#define RACE_NAMES  6
#define RACE_PROCS  4
#define RACE_ROUNDS 300

/* A small xorshift generator: each child's sequence of operations. */
static uint32 race_next(uint32 *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

/* Path of race name i (and its link partner, i + RACE_NAMES). */
static void race_path(char *buf, int i)
{
  snprintf(buf, 32, RACE_DIR "/n%d", i);
}

/* One racing child: create/write, unlink, link, mkdir and read the same
 * few names the others use, ignoring failures (losing a race is fine),
 * but checking that whatever opens is a file or directory of sane size.
 * Exits 0, or 1 if something opened was impossible. */
static void race_child(uint32 seed)
{
  char path[32], path2[32], buf[64];
  struct stat st;
  for (int r = 0; r < RACE_ROUNDS; r++) {
    int i = race_next(&seed) % RACE_NAMES;
    race_path(path, i);
    race_path(path2, (i + 1 + race_next(&seed) % (RACE_NAMES - 1)) % RACE_NAMES);
    int fd;
    switch (race_next(&seed) % 6) {
    case 0:
    case 1:
      fd = open(path, O_CREATE | O_RDWR);
      if (fd >= 0) {
        write(fd, "racing writes", 13);
        close(fd);
      }
      break;
    case 2:
      unlink(path);
      break;
    case 3:
      link(path, path2);
      break;
    case 4:
      mkdir(path);
      break;
    default:
      fd = open(path, O_RDONLY);
      if (fd < 0)
        break;
      if (fstat(fd, &st) < 0 || (st.type != T_FILE && st.type != T_DIR) ||
          (st.type == T_FILE && st.size > 13 * RACE_ROUNDS * RACE_PROCS))
        exit(1);
      if (st.type == T_FILE && read(fd, buf, sizeof buf) < 0)
        exit(1);
      close(fd);
    }
  }
  exit(0);
}

/* Guards against races in create, unlink, link and mkdir when several
 * processes on all harts use the same names at once: a crash, a
 * deadlock, a name listed twice, a directory that stays non-empty after
 * every name is removed, or leaked inodes and pages (the leak check). */
void test_files_race(void)
{
  char path[32];
  for (int i = 0; i < RACE_NAMES; i++) {
    race_path(path, i);
    unlink(path);
  }
  unlink(RACE_DIR);
  tf_mkdir(RACE_DIR);

  int pids[RACE_PROCS];
  for (int c = 0; c < RACE_PROCS; c++) {
    pids[c] = t_fork();
    if (pids[c] == 0)
      race_child(0x9e3779b9u * (c + 1));
  }
  int bad = 0;
  for (int c = 0; c < RACE_PROCS; c++) {
    int status;
    CHECK(wait(&status) > 0);
    bad += status != 0;
  }
  CHECK_EQ(bad, 0);

  /* Each name is now a file, an empty directory or nothing: one unlink
   * each removes it, and then nothing at all is left. */
  for (int i = 0; i < RACE_NAMES; i++) {
    race_path(path, i);
    unlink(path);
    CHECK_EQ(tf_dir_lookup(RACE_DIR, path + sizeof RACE_DIR), 0);
  }
  CHECK_EQ(tf_dir_entries(RACE_DIR), 0);
  tf_unlink(RACE_DIR);
}

/* ---- a full file system ---------------------------------------------------- */

#define FILL_CHUNK  (64 * 1024)
#define FILL_FILES  200  /* at most: one file may have a size limit, so the
                            fill goes on in a new file when one is full */

/* Writes fill_buf (FILL_CHUNK bytes) to the file open on fd until a write
 * fails. Returns the bytes written; *err gets lasterr() of the failed
 * write. Short writes are allowed on the way (a full file system may give
 * one before failing). */
static uint64 fill_one(int fd, const uint8 *fill_buf, int *err)
{
  uint64 total = 0;
  for (;;) {
    int r = write(fd, fill_buf, FILL_CHUNK);
    CHECK(r != 0); /* a write makes progress or fails */
    if (r < 0) {
      *err = lasterr();
      return total;
    }
    total += r;
  }
}

/* Checks a file that stopped growing for another reason than a full file
 * system: it must be the largest-file limit (EFBIG), and a write past it
 * must fail again without changing the size. */
static void fill_at_file_limit(int fd, const uint8 *fill_buf, int err)
{
  struct stat st, st2;
  if (err != EFBIG) {
    printf("# a write failed with %d (%s)\n", err, strerror(err));
    FAIL("write failed with neither ENOSPC nor EFBIG");
  }
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_ERRNO(write(fd, fill_buf, 1), EFBIG);
  CHECK_EQ(fstat(fd, &st2), 0);
  CHECK_EQ(st2.size, st.size);
}

/* Removes tf_fill/f0.. and tf_fill/x if they exist, then tf_fill. */
static void fill_clean(void)
{
  char path[32];
  for (int i = 0; i < FILL_FILES; i++) {
    snprintf(path, sizeof path, "tf_fill/f%d", i);
    unlink(path);
  }
  unlink("tf_fill/x");
  unlink("tf_fill");
}

/* Guards against a full file system crashing, blocking, or failing
 * without ENOSPC; a file at the largest-file limit failing otherwise than
 * with EFBIG or growing past it; a create or mkdir succeeding on a full file system (or
 * failing and leaving something behind); and the space (frames) not
 * coming back when the files are removed. With the default fsmax (a
 * quarter of RAM) this writes about 32 MiB. */
void test_files_fill(void)
{
  char path[32];
  struct stat st;
  int nfiles = 0, err = 0;
  uint64 total = 0;
  uint8 *fill_buf = tf_heap(FILL_CHUNK);
  fill_clean();
  tf_mkdir("tf_fill");
  memset(fill_buf, 0xf1, FILL_CHUNK);

  t_touch_stack(); /* no COW copies of our stack inside the counts */
  long free0 = t_free_frames();
  while (nfiles < FILL_FILES && err != ENOSPC) {
    snprintf(path, sizeof path, "tf_fill/f%d", nfiles);
    int fd = open(path, O_CREATE | O_WRONLY);
    if (fd < 0) {
      err = lasterr();
      break;
    }
    nfiles++;
    total += fill_one(fd, fill_buf, &err);
    if (err != ENOSPC)
      fill_at_file_limit(fd, fill_buf, err);
    close(fd);
  }
  long free_full = t_free_frames();
  printf("# full after %lu KiB in %d files (%s), %ld frames used\n",
         total / 1024, nfiles, strerror(err), free0 - free_full);
  CHECK_EQ(err, ENOSPC);
  CHECK(total >= 1024 * 1024);
  CHECK_ERRNO(mkdir("tf_fill/x"), ENOSPC);
  CHECK_ERRNO(open("tf_fill/x", O_CREATE | O_WRONLY), ENOSPC);
  CHECK(stat("tf_fill/x", &st) < 0);

  for (int i = 0; i < nfiles; i++) {
    snprintf(path, sizeof path, "tf_fill/f%d", i);
    tf_unlink(path);
  }
  long back = t_free_frames() - free_full;
  printf("# %ld frames back after unlink\n", back);
  CHECK(back >= (long)(total / PGSIZE));

  /* The space is usable again. */
  tf_write_file("tf_fill/x", fill_buf, FILL_CHUNK);
  tf_unlink("tf_fill/x");
  tf_unlink("tf_fill");
}

/* ---- exec from the file system --------------------------------------------- */

/* Copies the file src to a new file dst, at most limit bytes of it. */
static void copy_file(const char *src, const char *dst, int limit)
{
  static char buf[4096];
  int in = open(src, O_RDONLY);
  int out = open(dst, O_CREATE | O_TRUNC | O_WRONLY);
  CHECK(in >= 0 && out >= 0);
  int n, done = 0;
  while (done < limit && (n = read(in, buf, sizeof buf)) > 0) {
    if (n > limit - done)
      n = limit - done;
    t_write_full(out, buf, n);
    done += n;
  }
  close(in);
  close(out);
}

/* Runs path with argv in a child; returns its exit status (EXEC_FAILED
 * when exec returned). */
static int run_argv(const char *path, char **argv)
{
  int pid = t_fork();
  if (pid == 0) {
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  return t_wait_one(pid);
}

/* Guards against exec not running a program that was written into the
 * file system (a copy of targs, by relative and absolute path, from a
 * subdirectory), and against exec of a truncated copy (its segments run
 * past the end of the file) doing anything but failing cleanly. */
void test_files_exec_copy(void)
{
  char *argv[] = { "tfcopy", "exit", "37", 0 };
  tf_clean("tf_exec/tfcopy");
  tf_clean("tf_exec/tfhalf");
  tf_clean("tf_exec");
  tf_mkdir("tf_exec");

  copy_file("/targs", "tf_exec/tfcopy", 1 << 30);
  CHECK_EQ(tf_stat("tf_exec/tfcopy").size, tf_stat("/targs").size);
  CHECK_EQ(run_argv("tf_exec/tfcopy", argv), 37);
  CHECK_EQ(run_argv("/tf_exec/tfcopy", argv), 37);
  CHECK_EQ(chdir("tf_exec"), 0);
  argv[2] = "38";
  CHECK_EQ(run_argv("tfcopy", argv), 38);
  CHECK_EQ(chdir("/"), 0);

  /* The ELF header and program headers survive; the segments (from file
   * offset 4096 on, user.ld) do not. */
  copy_file("/targs", "tf_exec/tfhalf", 1024);
  CHECK_EQ(run_argv("tf_exec/tfhalf", argv), EXEC_FAILED);
  CHECK_EQ(exec("tf_exec/tfhalf", argv), -1); /* and here, the caller lives on */

  tf_unlink("tf_exec/tfhalf");
  tf_unlink("tf_exec/tfcopy");
  tf_unlink("tf_exec");
}

/* ---- file I/O through copy-on-write pages ---------------------------------- */

/* Returns two fresh heap pages filled with c (page-aligned, so the second
 * read/write in the tests below straddles a page boundary). */
static char *cow_pages(char c)
{
  char *p = t_heap_align();
  CHECK(sbrk(2 * PGSIZE) != SBRK_ERROR);
  memset(p, c, 2 * PGSIZE);
  return p;
}

/* Guards against read() from a file into a page shared copy-on-write
 * writing the shared frame (the parent's copy would change) instead of
 * resolving the COW first, and against it reading wrong data. */
void test_files_cow_read(void)
{
  static const char *name = "tf_cowread";
  static char data[PGSIZE];
  tf_clean(name);
  memset(data, 'F', sizeof data);
  tf_write_file(name, data, sizeof data);
  char *buf = cow_pages('P');

  int pid = t_fork();
  if (pid == 0) {
    int fd = open(name, O_RDONLY);
    CHECK(fd >= 0);
    t_read_full(fd, buf + 100, PGSIZE);  /* into both shared pages */
    close(fd);
    CHECK(memcmp(buf + 100, data, PGSIZE) == 0);
    CHECK(buf[99] == 'P' && buf[100 + PGSIZE] == 'P');
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  for (int i = 0; i < 2 * PGSIZE; i++)
    if (buf[i] != 'P')
      FAIL("the parent's page changed under a file read() in the child");
  tf_unlink(name);
}

/* Guards against write() to a file from a page shared copy-on-write
 * keeping a reference to that frame instead of copying the bytes: later
 * writes to the buffer, by either process, must not change the file. */
void test_files_cow_write(void)
{
  static const char *name = "tf_cowwrite";
  static char back[2 * PGSIZE];
  tf_clean(name);
  char *buf = cow_pages('W');

  int pid = t_fork();
  if (pid == 0) {
    tf_write_file(name, buf, 2 * PGSIZE); /* whole pages, page-aligned */
    memset(buf, 'c', 2 * PGSIZE);         /* the child's own copy now */
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  memset(buf, 'p', 2 * PGSIZE);           /* the parent's, reused in place */
  CHECK_EQ(tf_read_file(name, back, sizeof back), 2 * PGSIZE);
  for (int i = 0; i < 2 * PGSIZE; i++)
    if (back[i] != 'W')
      FAIL("the file changed after the buffer it was written from did");

  /* The same from the parent's side, while the child still shares it. */
  memset(buf, 'W', 2 * PGSIZE);
  int p[2];
  t_pipe(p);
  pid = t_fork();
  if (pid == 0) {
    char c;
    close(p[1]);
    read(p[0], &c, 1);                    /* until the parent has written */
    memset(buf, 'c', 2 * PGSIZE);
    exit(0);
  }
  close(p[0]);
  tf_write_file(name, buf, 2 * PGSIZE);
  CHECK_EQ(write(p[1], "g", 1), 1);
  close(p[1]);
  CHECK_EQ(t_wait_one(pid), 0);
  memset(buf, 'p', 2 * PGSIZE);
  CHECK_EQ(tf_read_file(name, back, sizeof back), 2 * PGSIZE);
  for (int i = 0; i < 2 * PGSIZE; i++)
    if (back[i] != 'W')
      FAIL("the file changed when a COW copy of its source was written");
  tf_unlink(name);
}

/* ---- lasterr and strerror --------------------------------------------------- */

/* Guards against lasterr() reporting the wrong errno for common failures,
 * or a later successful call clearing it (it is the most recent failure). */
void test_files_lasterr(void)
{
  tf_clean("tf_errno/f");
  tf_clean("tf_errno");
  tf_mkdir("tf_errno");
  tf_write_file("tf_errno/f", "e", 1);

  CHECK_ERRNO(open("tf_errno/nosuch", O_RDONLY), ENOENT);
  CHECK_ERRNO(unlink("tf_errno/nosuch"), ENOENT);
  CHECK_ERRNO(chdir("tf_nosuch"), ENOENT);
  CHECK_ERRNO(mkdir("tf_errno"), EEXIST);
  CHECK_ERRNO(open("tf_errno/f/x", O_RDONLY), ENOTDIR);
  CHECK_ERRNO(chdir("tf_errno/f"), ENOTDIR);
  CHECK_ERRNO(open("tf_errno", O_RDWR), EISDIR);
  CHECK_ERRNO(open("tf_errno", O_WRONLY), EISDIR);
  CHECK_ERRNO(unlink("tf_errno"), ENOTEMPTY);

  CHECK(getpid() > 0);                     /* a success clears nothing */
  CHECK_EQ(lasterr(), ENOTEMPTY);
  CHECK_ERRNO(link("tf_errno/f", "tf_errno/f"), EEXIST);

  tf_unlink("tf_errno/f");
  tf_unlink("tf_errno");
}

/* Guards against strerror() texts drifting from what the programs' and
 * the shell's messages promise, or returning NULL for an unknown number.
 * Needs no kernel support. */
void test_strerror_texts(void)
{
  static const struct {
    int err, num;
    const char *text;
  } want[] = {
    { ENOENT, 2, "no such file or directory" },
    { EBADF, 9, "bad file descriptor" },
    { ENOMEM, 12, "out of memory" },
    { EFBIG, 27, "file too large" },
    { EEXIST, 17, "file exists" },
    { ENOTDIR, 20, "not a directory" },
    { EISDIR, 21, "is a directory" },
    { EINVAL, 22, "invalid argument" },
    { ENOSPC, 28, "no space left" },
    { EMLINK, 31, "too many links" },
    { ENAMETOOLONG, 36, "name too long" },
    { ENOTEMPTY, 39, "directory not empty" },
  };
  for (int i = 0; i < NELEM(want); i++) {
    CHECK_EQ(want[i].err, want[i].num); /* Linux numbering, as the ABI says */
    if (strcmp(strerror(want[i].err), want[i].text) != 0) {
      printf("# strerror(%d) = \"%s\", want \"%s\"\n", want[i].err,
             strerror(want[i].err), want[i].text);
      FAIL("strerror text");
    }
  }
  CHECK(strcmp(strerror(999), "error 999") == 0);
  CHECK(strcmp(strerror(0), "error 0") == 0);
  CHECK(strcmp(strerror(-1), "error -1") == 0);
}
