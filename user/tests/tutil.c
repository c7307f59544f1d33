/* Helpers shared by the runtests suite; see tutil.h for the contracts. */
#include "tutil.h"

/* ---- assertions ---------------------------------------------------------- */

/* __FILE__ is an absolute path under CMake; keep only the file name. */
static const char *base_name(const char *path)
{
  const char *b = path;
  for (const char *p = path; *p; p++)
    if (*p == '/')
      b = p + 1;
  return b;
}

/* Prints v as a decimal int when it fits, else as a 64-bit hex value. */
static void print_value(long v)
{
  if (v >= -2147483647L - 1 && v <= 2147483647L)
    printf("%d", (int)v);
  else
    printf("%p", (void *)v);
}

void t_fail(const char *file, int line, const char *what)
{
  printf("# %s:%d: %s\n", base_name(file), line, what);
  exit(1);
}

void t_check_eq(long got, long want, const char *gexpr, const char *wexpr,
                const char *file, int line)
{
  if (got == want)
    return;
  printf("# %s:%d: %s == %s: got ", base_name(file), line, gexpr, wexpr);
  print_value(got);
  printf(", want ");
  print_value(want);
  printf("\n");
  exit(1);
}

void t_expect_err(long ret, const char *call, uint64 addr, const char *file,
                  int line)
{
  if (ret == -1)
    return;
  printf("# %s:%d: %s with %p returned ", base_name(file), line, call,
         (void *)addr);
  print_value(ret);
  printf(", want -1\n");
  exit(1);
}

/* ---- processes ----------------------------------------------------------- */

int t_fork(void)
{
  int pid = fork();
  if (pid < 0)
    FAIL("fork failed");
  return pid;
}

int t_wait_one(int pid)
{
  int status = 0x5a5a5a5a;
  int got = wait(&status);
  CHECK_EQ(got, pid);
  return status;
}

int t_run(void (*fn)(void))
{
  int pid = t_fork();
  if (pid == 0) {
    fn();
    exit(0);
  }
  return t_wait_one(pid);
}

void t_expect_killed(void (*fn)(void), const char *what)
{
  int status = t_run(fn);
  if (status == -1)
    return;
  printf("# %s: child survived, wait status %d (want -1)\n", what, status);
  exit(1);
}

int t_watchdog(int fd, int ticks)
{
  int pid = t_fork();
  if (pid == 0) {
    pause(ticks);
    write(fd, "w", 1);
    exit(0);
  }
  return pid;
}

/* ---- file descriptors ---------------------------------------------------- */

void t_pipe(int p[2])
{
  if (pipe(p) < 0)
    FAIL("pipe failed");
}

void t_read_full(int fd, void *buf, int n)
{
  char *b = buf;
  while (n > 0) {
    int r = read(fd, b, n);
    if (r <= 0) {
      printf("# read(%d) returned %d with %d bytes still expected\n", fd, r, n);
      exit(1);
    }
    b += r;
    n -= r;
  }
}

void t_write_full(int fd, const void *buf, int n)
{
  const char *b = buf;
  while (n > 0) {
    int r = write(fd, b, n);
    if (r <= 0) {
      printf("# write(%d) returned %d with %d bytes still to write\n", fd, r,
             n);
      exit(1);
    }
    b += r;
    n -= r;
  }
}

int t_free_fds(void)
{
  int fds[NOFILE];
  int n = 0;
  for (;;) {
    int fd = dup(0);
    if (fd < 0)
      break;
    if (n == NOFILE) {
      close(fd);
      FAIL("dup(0) succeeded NOFILE times");
    }
    fds[n++] = fd;
  }
  for (int i = 0; i < n; i++)
    close(fds[i]);
  return n;
}

/* ---- memory -------------------------------------------------------------- */

long t_free_frames(void)
{
  return (long)t_memstat().frames_free;
}

char *t_heap_align(void)
{
  uint64 brk = (uint64)sbrk(0);
  uint64 up = PGROUNDUP(brk);
  if (up != brk && sbrk((int)(up - brk)) == SBRK_ERROR)
    FAIL("sbrk to a page boundary failed");
  CHECK((uint64)sbrk(0) == up);
  return (char *)up;
}

char *t_heap_align_to(uint64 align)
{
  uint64 brk = (uint64)t_heap_align();
  uint64 up = (brk + align - 1) & ~(align - 1);
  if (up != brk && sbrk((int)(up - brk)) == SBRK_ERROR)
    FAIL("sbrk to an aligned break failed");
  CHECK((uint64)sbrk(0) == up);
  return (char *)up;
}

struct memstat t_memstat(void)
{
  struct memstat ms;
  if (memstat(&ms) != 0)
    FAIL("memstat failed");
  return ms;
}

int t_fork_policy(void)
{
  struct memstat ms = t_memstat();
  CHECK(ms.fork_policy <= MEMSTAT_FORK_TABLE);
  CHECK_EQ(ms.fork_cow, ms.fork_policy != MEMSTAT_FORK_EAGER);
  return (int)ms.fork_policy;
}

void t_stamp(char *base, int first, int last, uint64 tag)
{
  for (int i = first; i < last; i++) {
    uint64 *w = (uint64 *)(base + (uint64)i * PGSIZE);
    w[0] = tag ^ (uint64)i;
    w[PGSIZE / 8 - 1] = ~(tag ^ (uint64)i);
  }
}

int t_wrong_pages(char *base, int first, int last, uint64 tag)
{
  int wrong = 0;
  for (int i = first; i < last; i++) {
    uint64 *w = (uint64 *)(base + (uint64)i * PGSIZE);
    wrong += w[0] != (tag ^ (uint64)i) || w[PGSIZE / 8 - 1] != ~(tag ^ (uint64)i);
  }
  return wrong;
}

void t_touch_stack(void)
{
  for (uint64 a = USTACK_BOTTOM; a < USTACK_TOP; a += PGSIZE) {
    volatile uint8 *p = (volatile uint8 *)a;
    *p = *p;
  }
}

/* ---- raw machine access -------------------------------------------------- */

uint8 t_load(uint64 addr)
{
  uint64 v;
  asm volatile("lbu %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
  return (uint8)v;
}

void t_store(uint64 addr, uint8 val)
{
  asm volatile("sb %0, 0(%1)" : : "r"(val), "r"(addr) : "memory");
}

void t_jump(uint64 addr)
{
  asm volatile("jalr ra, 0(%0)" : : "r"(addr) : "ra", "memory");
}

long t_syscall(long num, long arg0)
{
  register long a0 asm("a0") = arg0;
  register long a7 asm("a7") = num;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a7)
               : "a1", "a2", "a3", "a4", "a5", "a6", "memory");
  return a0;
}
