/* The file system as it is at boot: the root directory holding the
 * programs, the console device and /README. Reading, offsets, access
 * modes, fstat, directory listing, chdir and path lookup. Creating,
 * writing and removing files are t_files.c's; the tests here create
 * nothing. */
#include "tutil.h"
#include "tests.h"

#if __has_include("kernel/fs.h")
#include "kernel/fs.h"
#else
#define DIRSIZ 14
struct dirent {
  ushort inum;
  char name[DIRSIZ];
};
#endif

/* Guards against a file's size (fstat), its contents (an ELF header for
 * RISC-V) and the amount read() returns before EOF disagreeing. */
void test_file_read(void)
{
  static uint8 buf[777];
  uint8 hdr[64];
  struct stat st;
  int fd = open("runtests", O_RDONLY);

  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.type, T_FILE);
  CHECK(st.size > sizeof hdr);
  t_read_full(fd, hdr, sizeof hdr);
  CHECK(hdr[0] == 0x7f && hdr[1] == 'E' && hdr[2] == 'L' && hdr[3] == 'F');
  CHECK_EQ(hdr[4], 2);                  /* ELFCLASS64 */
  CHECK_EQ(hdr[18] | (hdr[19] << 8), 243); /* EM_RISCV */

  uint64 total = sizeof hdr;
  int n;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    total += n;
  CHECK_EQ(n, 0);
  CHECK_EQ(total, st.size);
  CHECK_EQ(read(fd, buf, 1), 0); /* EOF stays EOF */
  close(fd);
}

/* Guards against dup'd descriptors not sharing one offset, or separately
 * opened ones sharing it. */
void test_file_offsets(void)
{
  char a[8], b[4], c[8];
  int fd1 = open("runtests", O_RDONLY);
  int fd2 = open("runtests", O_RDONLY);
  CHECK(fd1 >= 0 && fd2 >= 0);
  int d = dup(fd1);
  CHECK(d >= 0);

  t_read_full(fd1, a, 4);
  t_read_full(d, b, 4);       /* continues where fd1 stopped */
  t_read_full(fd2, c, 8);     /* starts at 0 */
  memcpy(a + 4, b, 4);
  CHECK(memcmp(a, c, 8) == 0);
  CHECK(memcmp(c, "\177ELF", 4) == 0);
  close(fd1);
  close(d);
  close(fd2);
}

/* Guards against a descriptor's access mode not being enforced on the
 * programs of the boot image (a read-only descriptor writing, a
 * write-only one reading), against the programs not being writable files
 * like any other (the file system is writable: they open for writing),
 * and against a directory opening for writing. Writes nothing. */
void test_file_access_modes(void)
{
  struct stat st, st2;
  char c;
  CHECK_EQ(stat("runtests", &st), 0);
  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "\177", 1), -1);
  close(fd);

  fd = open("runtests", O_WRONLY);   /* no O_TRUNC: changes nothing */
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, &c, 1), -1);
  close(fd);
  CHECK_EQ(open("/", O_RDWR), -1);   /* a directory is never writable */
  CHECK_EQ(open("/", O_WRONLY), -1);

  /* Everything is still there, unchanged. */
  CHECK_EQ(stat("runtests", &st2), 0);
  CHECK_EQ(st2.type, T_FILE);
  CHECK_EQ(st2.ino, st.ino);
  CHECK_EQ(st2.size, st.size);
  fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, &c, 1), 1);
  CHECK_EQ(c, 0x7f);
  close(fd);
}

/* Guards against /README, the text file present at boot, missing, not
 * being a plain file, or not reading as text up to its size. */
void test_file_readme(void)
{
  static char buf[4096];
  struct stat st;
  int fd = open("/README", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.type, T_FILE);
  CHECK(st.size > 0 && st.size <= sizeof buf);
  t_read_full(fd, buf, st.size);
  CHECK_EQ(read(fd, buf, 1), 0);
  close(fd);
  for (uint64 i = 0; i < st.size; i++)
    if (buf[i] == 0 || (uint8)buf[i] >= 0x80)
      FAIL("/README is not plain text");
}

/* Returns 1 if the directory entry's name is want (names fill DIRSIZ
 * bytes and are NUL-terminated only when shorter). */
static int dirent_is(const struct dirent *de, const char *want)
{
  int n = strlen(want);
  if (n > DIRSIZ || memcmp(de->name, want, n) != 0)
    return 0;
  return n == DIRSIZ || de->name[n] == 0;
}

/* Guards against reading "/" as a directory (what ls does) missing
 * entries, repeating them, or returning partial records. */
void test_dir_list(void)
{
  static const char *want[] = { "runtests", "targs", "console", "README", ".", ".." };
  int found[NELEM(want)] = { 0 };
  struct dirent de;
  struct stat st;
  int n, entries = 0;

  int fd = open("/", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.type, T_DIR);
  while ((n = read(fd, &de, sizeof de)) == sizeof de) {
    if (de.inum == 0)
      continue;
    entries++;
    for (int i = 0; i < NELEM(want); i++)
      found[i] += dirent_is(&de, want[i]);
  }
  CHECK_EQ(n, 0);
  close(fd);
  for (int i = 0; i < NELEM(want); i++) {
    if (found[i] != 1) {
      printf("# \"%s\" listed %d times\n", want[i], found[i]);
      FAIL("directory listing wrong");
    }
  }
  CHECK(entries >= NELEM(want));
}

#define LONG_NAME   "fourteen_chars"   /* DIRSIZ characters: no NUL in its dirent */
#define LONG_STATUS 14                 /* what fourteen_chars exits with */

/* Runs path (exec) in a child; returns its exit status, or EXEC_FAILED. */
static int run_program(const char *path)
{
  char *argv[] = { (char *)path, 0 };
  int pid = t_fork();
  if (pid == 0) {
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  return t_wait_one(pid);
}

/* Returns 1 if s contains needle. */
static int contains(const char *s, const char *needle)
{
  int n = strlen(needle);
  for (; *s; s++)
    if (memcmp(s, needle, n) == 0)
      return 1;
  return 0;
}

/* Runs ls on the root with its output in buf (n bytes, NUL-terminated). */
static void ls_root(char *buf, int n)
{
  int p[2];
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    char *argv[] = { "ls", "/", 0 };
    exec("ls", argv);
    exit(EXEC_FAILED);
  }
  close(p[1]);
  int got = 0, r;
  while (got < n - 1 && (r = read(p[0], buf + got, n - 1 - got)) > 0)
    got += r;
  buf[got] = 0;
  close(p[0]);
  CHECK_EQ(t_wait_one(pid), 0);
}

/* Guards against names of DIRSIZ (14) characters being refused or cut,
 * and against lookups comparing more than DIRSIZ bytes: as in xv6, a
 * longer path component is cut to 14 characters, so the 15-character
 * spelling names the same entry. */
void test_name_dirsiz(void)
{
  struct stat st, st2;
  CHECK_EQ(stat(LONG_NAME, &st), 0);
  CHECK_EQ(st.type, T_FILE);
  CHECK_EQ(stat("/" LONG_NAME "X", &st2), 0);
  CHECK_EQ(st2.ino, st.ino);
  CHECK_EQ(stat(LONG_NAME "XYZ", &st2), 0);
  CHECK_EQ(st2.ino, st.ino);
  CHECK(stat("fourteen_char", &st2) < 0);   /* 13 characters: another name */
  CHECK_EQ(run_program(LONG_NAME), LONG_STATUS);
  CHECK_EQ(run_program(LONG_NAME "X"), LONG_STATUS);

  int fd = open("/", O_RDONLY), n, found = 0;
  struct dirent de;
  CHECK(fd >= 0);
  while ((n = read(fd, &de, sizeof de)) == sizeof de)
    found += de.inum == st.ino && memcmp(de.name, LONG_NAME, DIRSIZ) == 0;
  close(fd);
  CHECK_EQ(found, 1);

  static char out[4096];
  ls_root(out, sizeof out);
  CHECK(contains(out, LONG_NAME " "));
}

/* Guards against path lookup getting absolute paths, devices or missing
 * names wrong. */
void test_stat_paths(void)
{
  struct stat st, st2;
  CHECK_EQ(stat("runtests", &st), 0);
  CHECK_EQ(st.type, T_FILE);
  CHECK_EQ(stat("/runtests", &st2), 0);
  CHECK_EQ(st2.ino, st.ino);
  CHECK_EQ(st2.size, st.size);
  CHECK_EQ(stat("console", &st), 0);
  CHECK_EQ(st.type, T_DEVICE);
  CHECK_EQ(stat("/", &st), 0);
  CHECK_EQ(st.type, T_DIR);
  CHECK_EQ(stat("nosuchfile", &st), -1);
  CHECK_EQ(stat("/nosuchdir/runtests", &st), -1);
  CHECK_EQ(stat("runtests/x", &st), -1); /* a file is not a directory */

  int fd = open("console", O_RDWR);
  CHECK(fd >= 0);
  CHECK_EQ(fstat(fd, &st), 0);
  CHECK_EQ(st.type, T_DEVICE);
  close(fd);
}

/* Guards against chdir accepting non-directories or missing names, and a
 * failed chdir changing the working directory. */
void test_chdir_basic(void)
{
  struct stat st;
  CHECK_EQ(chdir("/"), 0);
  CHECK_EQ(chdir("runtests"), -1);
  CHECK_EQ(chdir("console"), -1);
  CHECK_EQ(chdir("nosuchdir"), -1);
  CHECK_EQ(stat("runtests", &st), 0); /* still in / */
  CHECK_EQ(chdir("/"), 0);
  CHECK_EQ(stat("targs", &st), 0);
}

/* Guards against over-long paths overflowing a kernel buffer: a path
 * longer than MAXPATH (in valid memory) must simply fail. */
void test_path_long(void)
{
  static char path[4 * MAXPATH];
  char *argv[] = { "targs", "exit", "0", 0 };
  struct stat st;

  memset(path, 'a', sizeof path - 1);
  CHECK_EQ(open(path, O_RDONLY), -1);
  CHECK_EQ(exec(path, argv), -1);
  CHECK_EQ(chdir(path), -1);

  /* "/" repeated, then the name: long but still a valid path only if the
   * kernel accepts it, which it must not beyond MAXPATH. */
  memset(path, '/', sizeof path - 1);
  strcpy(path + sizeof path - 9, "runtests");
  CHECK_EQ(open(path, O_RDONLY), -1);
  CHECK_EQ(stat("runtests", &st), 0);
}
