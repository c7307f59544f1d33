/* Bad pointers and sizes handed to system calls: every one must return -1
 * (or, for a buffer that starts valid and runs off the end, at most a
 * short count), never crash the kernel, the caller, or leak anything. */
#include "tutil.h"
#include "tests.h"

#define MAX_BAD 16

/* Fills out[] with addresses no system call may read or write through;
 * returns how many. Moves the break to a page boundary first, so the break
 * itself is the first unmapped heap byte. */
static int never_valid(uint64 *out)
{
  int n = 0;
  out[n++] = 0;
  out[n++] = PGSIZE - 8;                /* page 0 */
  out[n++] = (uint64)t_heap_align();    /* just past the heap */
  out[n++] = USTACK_GUARD;
  out[n++] = USTACK_TOP;                /* just above the stack */
  out[n++] = (uint64)MAXVA - 16;
  out[n++] = (uint64)MAXVA;
  out[n++] = (uint64)MAXVA + PGSIZE;
  out[n++] = 1UL << 40;
  out[n++] = 1UL << 63;
  out[n++] = KERNBASE;
  out[n++] = KERNBASE - 0x200000UL;      /* the direct map of RAM's start */
  out[n++] = 0xfffffffffffff000UL;
  out[n++] = 0xffffffffffffffffUL;      /* wraps around */
  return n;
}

/* A function: its address is mapped, readable, and not writable. */
static void __attribute__((noinline)) text_target(void)
{
  asm volatile("");
}

#define TEXT_ADDR ((uint64)text_target)

/* A pipe with 16 bytes waiting to be read. */
static void full_pipe(int p[2])
{
  t_pipe(p);
  t_write_full(p[1], "0123456789abcdef", 16);
}

/* Guards against read() copying out to memory the process may not write:
 * unmapped, kernel, out-of-range, or read-only text (COW must not apply). */
void test_badptr_read(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  int p[2];
  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);

  bad[n++] = TEXT_ADDR;
  uint8 saved[16];
  memcpy(saved, (void *)TEXT_ADDR, 16);
  for (int i = 0; i < n; i++) {
    EXPECT_ERR(read(fd, (void *)bad[i], 16), "read(file)", bad[i]);
    full_pipe(p);
    EXPECT_ERR(read(p[0], (void *)bad[i], 16), "read(pipe)", bad[i]);
    close(p[0]);
    close(p[1]);
  }
  CHECK(memcmp(saved, (void *)TEXT_ADDR, 16) == 0);
  close(fd);
}

/* Guards against write() copying in from memory the process can't read. */
void test_badptr_write(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  int p[2];
  t_pipe(p);
  for (int i = 0; i < n; i++)
    EXPECT_ERR(write(p[1], (void *)bad[i], 16), "write(pipe)", bad[i]);
  /* Nothing was written: the pipe is empty. */
  close(p[1]);
  char c;
  CHECK_EQ(read(p[0], &c, 1), 0);
  close(p[0]);
}

/* Guards against pipe() with a bad array keeping the descriptors (or the
 * pipe) it allocated before the copyout failed. */
void test_badptr_pipe(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  bad[n++] = TEXT_ADDR;
  int nfree = t_free_fds();
  for (int i = 0; i < n; i++) {
    EXPECT_ERR(pipe((int *)bad[i]), "pipe", bad[i]);
    CHECK_EQ(t_free_fds(), nfree);
  }
}

/* Guards against fstat() storing through a bad pointer. */
void test_badptr_fstat(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  bad[n++] = TEXT_ADDR;
  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  for (int i = 0; i < n; i++)
    EXPECT_ERR(fstat(fd, (struct stat *)bad[i]), "fstat", bad[i]);
  close(fd);
}

/* Guards against memstat() storing through a bad pointer. */
void test_badptr_memstat(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  bad[n++] = TEXT_ADDR;
  for (int i = 0; i < n; i++)
    EXPECT_ERR(memstat((struct memstat *)bad[i]), "memstat", bad[i]);
}

/* Guards against wait() storing a status through a bad pointer, or losing
 * track of the child when it can't: the failed wait must leave the child,
 * so the next wait(0) returns it (as in xv6), and then there are none.
 * NULL is skipped: wait(0) is valid and discards the status. */
void test_badptr_wait(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  bad[n++] = TEXT_ADDR;
  for (int i = 0; i < n; i++) {
    if (bad[i] == 0)
      continue;
    int pid = t_fork();
    if (pid == 0)
      exit(0);
    EXPECT_ERR(wait((int *)bad[i]), "wait", bad[i]);
    CHECK_EQ(wait(0), pid); /* the failed wait left the child */
    CHECK_EQ(wait(0), -1);
  }
}

/* Guards against path-taking calls reading a string through a bad
 * pointer. The file system is writable, so with a readable name unlink,
 * mkdir, link and mknod would succeed: each must fail because of the
 * pointer alone, without a crash and without creating "lnk". */
void test_badptr_path(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  for (int i = 0; i < n; i++) {
    char *s = (char *)bad[i];
    EXPECT_ERR(open(s, O_RDONLY), "open", bad[i]);
    EXPECT_ERR(chdir(s), "chdir", bad[i]);
    EXPECT_ERR(unlink(s), "unlink", bad[i]);
    EXPECT_ERR(mkdir(s), "mkdir", bad[i]);
    EXPECT_ERR(mknod(s, 1, 1), "mknod", bad[i]);
    EXPECT_ERR(link(s, "lnk"), "link(bad, name)", bad[i]);
    EXPECT_ERR(link("runtests", s), "link(name, bad)", bad[i]);
  }
  struct stat st;
  CHECK(stat("lnk", &st) < 0);
  CHECK_EQ(chdir("/"), 0);
}

/* Guards against exec() reading its path, its argv array, or an argv
 * string through a bad pointer. If one wrongly succeeds, targs runs with
 * the wrong arguments and exits non-zero, failing the test. */
void test_badptr_exec(void)
{
  uint64 bad[MAX_BAD];
  int n = never_valid(bad);
  char *argv[] = { "targs", "exit", "0", 0 };
  for (int i = 0; i < n; i++) {
    EXPECT_ERR(exec((char *)bad[i], argv), "exec path", bad[i]);
    EXPECT_ERR(exec("targs", (char **)bad[i]), "exec argv", bad[i]);
    if (bad[i] == 0)
      continue; /* a null element just ends argv */
    char *av[] = { "targs", (char *)bad[i], 0 };
    EXPECT_ERR(exec("targs", av), "exec argv[1]", bad[i]);
  }
}

/* Execs targs with argv stored at av; in a child. Returns the status. */
static int exec_in_child(char **av)
{
  int pid = t_fork();
  if (pid == 0)
    exit(exec("targs", av) == -1 ? EXEC_FAILED : 101);
  return t_wait_one(pid);
}

/* Guards against off-by-one range checks at the very end of mapped
 * memory, in both directions: the last bytes of the heap and of the stack
 * are usable; anything that continues past them is not. */
void test_badptr_edge(void)
{
  char *base = t_heap_align();
  CHECK(sbrk(PGSIZE) == base);
  char *end = base + PGSIZE; /* first unmapped byte */
  int p[2];
  int r;

  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  /* The last bytes of the heap and of the stack can be written. */
  CHECK_EQ(read(fd, end - 16, 16), 16);
  CHECK_EQ(read(fd, (void *)(USTACK_TOP - 16), 16), 16);

  /* Buffers that run off the end: -1, or a count that stops at the end. */
  r = read(fd, end - 16, 64);
  CHECK(r == -1 || (r >= 0 && r <= 16));
  r = read(fd, base, 1 << 20);
  CHECK(r == -1 || (r >= 0 && r <= PGSIZE));
  full_pipe(p);
  r = read(p[0], end - 8, 16);
  CHECK(r == -1 || (r >= 0 && r <= 8));
  r = write(p[1], end - 8, 16);
  CHECK(r == -1 || (r >= 0 && r <= 8));
  close(p[0]);
  close(p[1]);

  /* Structures that straddle the end. */
  EXPECT_ERR(fstat(fd, (struct stat *)(end - 8)), "fstat", end - 8);
  EXPECT_ERR(memstat((struct memstat *)(end - 8)), "memstat", end - 8);
  int nfree = t_free_fds();
  EXPECT_ERR(pipe((int *)(end - 4)), "pipe", end - 4);
  CHECK_EQ(t_free_fds(), nfree);
  int pid = t_fork();
  if (pid == 0)
    exit(0);
  EXPECT_ERR(wait((int *)(end - 2)), "wait", end - 2);
  r = wait(0);
  CHECK(r == pid || r == -1);
  close(fd);

  /* A name with no NUL before the end: "runtests" must not be found. */
  char *s = end - 8;
  memcpy(s, "runtests", 8);
  EXPECT_ERR(open(s, O_RDONLY), "open of unterminated name", s);
  EXPECT_ERR(chdir(s), "chdir of unterminated name", s);
  EXPECT_ERR(unlink(s), "unlink of unterminated name", s);
  EXPECT_ERR(mkdir(s), "mkdir of unterminated name", s);
  EXPECT_ERR(link("runtests", s), "link to unterminated name", s);
  memcpy(end - 5, "targs", 5);
  char *argv[] = { "targs", "exit", "0", 0 };
  EXPECT_ERR(exec(end - 5, argv), "exec of unterminated name", end - 5);
  /* ... while the same name with its NUL is found. */
  memcpy(end - 9, "runtests", 9);
  fd = open(end - 9, O_RDONLY);
  CHECK(fd >= 0);
  close(fd);

  /* An argv array with no null entry before the end. */
  char **av = (char **)(end - 3 * sizeof(char *));
  av[0] = "targs";
  av[1] = "args";
  av[2] = "3";
  CHECK_EQ(exec_in_child(av), EXEC_FAILED);
  /* ... and the same array, terminated, runs targs (which exits 42). */
  av = (char **)(end - 4 * sizeof(char *));
  av[0] = "targs";
  av[1] = "args";
  av[2] = "3";
  av[3] = 0;
  CHECK_EQ(exec_in_child(av), 42);
}

/* Guards against negative sizes being taken as huge unsigned lengths. */
void test_bad_sizes(void)
{
  char buf[16];
  int p[2];
  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, buf, -1), -1);
  CHECK_EQ(read(fd, buf, -2147483647 - 1), -1);
  CHECK_EQ(read(fd, buf, 0), 0);
  CHECK_EQ(read(fd, buf, 4), 4); /* the offset didn't move */
  CHECK(buf[0] == 0x7f && buf[1] == 'E');
  close(fd);

  full_pipe(p);
  CHECK_EQ(write(p[1], buf, -1), -1);
  CHECK_EQ(write(p[1], buf, -4096), -1);
  CHECK_EQ(read(p[0], buf, -1), -1);
  CHECK_EQ(write(p[1], buf, 0), 0);
  CHECK_EQ(read(p[0], buf, 0), 0);
  CHECK_EQ(read(p[0], buf, 16), 16); /* nothing consumed or added */
  CHECK(memcmp(buf, "0123456789abcdef", 16) == 0);
  close(p[0]);
  close(p[1]);
}
