/* exec: failures leave the caller intact; arguments, exit status and file
 * descriptors carry over; the new image is fresh and the old one freed.
 * The programs exec'd here are targs (targs.c) and, to fail, non-programs. */
#include "tutil.h"
#include "tests.h"
#include "targs.h"

#define MiB (1024 * 1024)

/* Writes v >= 0 in decimal into buf (12 bytes suffice). */
static void fmt_int(char *buf, int v)
{
  char tmp[12];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = 0;
}

#define MAX_TEST_ARGS (MAXARG + 8)

static char *arg_vec[MAX_TEST_ARGS + 1];
static char arg_store[MAX_TEST_ARGS * 24 + 16];

/* Returns "targs args ARGC" followed by pattern arguments (see targs.h):
 * argc entries and a null. */
static char **make_args(int argc)
{
  char *s = arg_store;
  if (argc < 3 || argc > MAX_TEST_ARGS)
    FAIL("make_args: bad argc");
  arg_vec[0] = "targs";
  arg_vec[1] = "args";
  fmt_int(s, argc);
  arg_vec[2] = s;
  s += strlen(s) + 1;
  for (int i = 3; i < argc; i++) {
    int len = targs_len(i);
    for (int j = 0; j < len; j++)
      s[j] = targs_char(i, j);
    s[len] = 0;
    arg_vec[i] = s;
    s += len + 1;
  }
  arg_vec[argc] = 0;
  return arg_vec;
}

/* Execs path with argv in a child; returns the child's wait status, which
 * is EXEC_FAILED if exec returned -1. */
static int run_exec(const char *path, char **argv)
{
  int pid = t_fork();
  if (pid == 0) {
    int r = exec(path, argv);
    exit(r == -1 ? EXEC_FAILED : 101);
  }
  return t_wait_one(pid);
}

/* Guards against a failed exec (no such file) damaging the caller: memory,
 * heap break and the ability to fork must all survive. */
void test_exec_missing(void)
{
  volatile int marker = 1234;
  char *heap = sbrk(PGSIZE);
  char *argv[] = { "nosuch", 0 };

  CHECK(heap != SBRK_ERROR);
  heap[0] = 'h';
  CHECK_EQ(exec("nosuchprogram", argv), -1);
  CHECK_EQ(exec("", argv), -1);
  CHECK_EQ(exec("runtest", argv), -1);
  CHECK_EQ(exec("runtestsx", argv), -1);
  CHECK_EQ(exec("/nosuchdir/targs", argv), -1);
  CHECK(marker == 1234);
  CHECK(heap[0] == 'h');
  CHECK(sbrk(0) == heap + PGSIZE);
  int pid = t_fork();
  if (pid == 0)
    exit(0);
  CHECK_EQ(t_wait_one(pid), 0);
}

/* Guards against argv arriving truncated, reordered, corrupted, without
 * its terminating null, or capped below MAXARG - 1 arguments. */
void test_exec_args(void)
{
  CHECK_EQ(run_exec("targs", make_args(3)), TARGS_OK);
  CHECK_EQ(run_exec("targs", make_args(9)), TARGS_OK);
  CHECK_EQ(run_exec("/targs", make_args(9)), TARGS_OK);
  CHECK_EQ(run_exec("targs", make_args(MAXARG - 1)), TARGS_OK);
}

/* Guards against the kernel's argv array overflowing when given more than
 * MAXARG arguments: exec must fail instead. */
void test_exec_maxarg(void)
{
  CHECK_EQ(run_exec("targs", make_args(MAXARG + 1)), EXEC_FAILED);
  CHECK_EQ(run_exec("targs", make_args(MAX_TEST_ARGS)), EXEC_FAILED);
}

/* Guards against argument strings larger than the whole user stack being
 * copied past its bottom (over the guard page) instead of failing exec. */
void test_exec_bigargs(void)
{
  int argc = MAXARG - 1;
  int len = (int)(USTACK_PAGES * PGSIZE) / (MAXARG - 4) + 64;
  char *mem = sbrk(argc * (len + 1));
  char num[12];

  CHECK(mem != SBRK_ERROR);
  fmt_int(num, argc);
  arg_vec[0] = "targs";
  arg_vec[1] = "args";
  arg_vec[2] = num;
  for (int i = 3; i < argc; i++) {
    char *s = mem + i * (len + 1);
    memset(s, 'x', len);
    s[len] = 0;
    arg_vec[i] = s;
  }
  arg_vec[argc] = 0;
  CHECK_EQ(run_exec("targs", arg_vec), EXEC_FAILED);
}

/* Guards against exec accepting something that is not an ELF program: a
 * device, or a directory. */
void test_exec_nonelf(void)
{
  char *argv[] = { "x", 0 };
  CHECK_EQ(exec("console", argv), -1);
  CHECK_EQ(exec("/", argv), -1);
  CHECK_EQ(run_exec("console", argv), EXEC_FAILED);
}

/* Guards against the exit status of an exec'd program not reaching the
 * parent of the process that called exec. */
void test_exec_status(void)
{
  static const char *codes[] = { "0", "77", "255" };
  static const int want[] = { 0, 77, 255 };
  for (int i = 0; i < NELEM(codes); i++) {
    char *argv[] = { "targs", "exit", (char *)codes[i], 0 };
    CHECK_EQ(run_exec("targs", argv), want[i]);
  }
}

/* Guards against exec closing (or scrambling) open file descriptors. */
void test_exec_fds(void)
{
  int p[2];
  char num[12], buf[8], c;

  t_pipe(p);
  fmt_int(num, p[1]);
  char *argv[] = { "targs", "fd", num, 0 };
  int pid = t_fork();
  if (pid == 0) {
    close(p[0]);
    exec("targs", argv);
    exit(EXEC_FAILED);
  }
  close(p[1]);
  t_read_full(p[0], buf, 8);
  CHECK(memcmp(buf, "targs-fd", 8) == 0);
  CHECK_EQ(read(p[0], &c, 1), 0);
  CHECK_EQ(t_wait_one(pid), 0);
  close(p[0]);
}

/* In a child: grows the heap by 32 MiB, then execs "targs mem". */
static void exec_after_growth(void)
{
  char *p = sbrklazy(32 * MiB);
  char *argv[] = { "targs", "mem", 0 };
  if (p == SBRK_ERROR)
    exit(3);
  p[0] = 1;
  exec("targs", argv);
  exit(EXEC_FAILED);
}

/* Guards against exec keeping the old image's heap size, misplacing or
 * misaligning the new stack, or handing out a non-zeroed heap. */
void test_exec_layout(void)
{
  CHECK_EQ(t_run(exec_after_growth), 0);
}

/* In a child: allocates 256 pages, then execs targs to check that at least
 * 200 of them came back. */
static void exec_after_alloc(void)
{
  struct memstat ms;
  char num[12];
  char *argv[] = { "targs", "free", num, 0 };
  if (sbrk(256 * PGSIZE) == SBRK_ERROR)
    exit(3);
  if (memstat(&ms) != 0)
    exit(4);
  fmt_int(num, (int)ms.frames_free + 200);
  exec("targs", argv);
  exit(EXEC_FAILED);
}

/* Guards against exec leaking the image it replaces until the process
 * exits (or for good). */
void test_exec_frees(void)
{
  CHECK_EQ(t_run(exec_after_alloc), 0);
}
