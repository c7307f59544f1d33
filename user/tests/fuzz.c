/* fuzz: random system calls against every promise the kernel makes.
 *
 *   fuzz [-v] [-i] SEED [ROUNDS]   as pid 1 (init=fuzz ...); ROUNDS
 *                                  defaults to 50
 *   fuzz child-exit N              exits N at once (an exec target)
 *
 *   -v  print every call (and its result) on the console: the replay and
 *       minimize mode
 *   -i  fault injection (the kernel was booted with failalloc=N or
 *       failcow=N): our own set-up steps (fork, pipe, mkdir, the exec
 *       check) are retried, since their allocations may be the failed ones
 *
 * Each round, pid 1 writes a canary into its own memory, reads memstat,
 * and runs a bounded tree of processes under the directory /fz: each
 * issues random system calls (every number 0..30 and invalid ones, with
 * arguments drawn from typed pools of good and bad pointers, sizes, fds
 * and paths) and realistic sequences (pipes, sbrk and touch, fork and
 * write shared pages, files and directories, exec, kill of its own
 * children), and may fork more of the tree. When every process of the
 * tree is gone, pid 1 removes what is left of /fz and checks:
 *   => frames_free and fs_frames are what they were before the round;
 *   => vmcheck() finds no problem (-1, "could not check", is said only);
 *   => the canary is intact;
 *   => the system still forks and execs (fuzz child-exit 7 exits 7).
 * A failed check prints "fuzz: FAIL seed S round R: WHAT" and the last
 * calls of the round, and exits 1. At the end a summary line, exit 0.
 *
 * The tree reports to pid 1 through a pipe (fd STATS_FD in every tree
 * process): a record per process start, call, result and clean exit. The
 * pipe is also how pid 1 knows the tree is gone: end of file means every
 * tree process has exited. A watchdog child kills the round's processes
 * (only those: pids are never reused, so they are the ones created after
 * it) if the tree blocks itself, e.g. on a pipe only it could write.
 *
 * Determinism: every process draws from its own xorshift64* stream,
 * derived from SEED, the round and its place in the tree, so the same
 * seed issues the same calls on one hart (--smp 1). On several harts the
 * interleaving, and so some results (which child wait returns, what a
 * racing read sees), differ from run to run. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/memstat.h"
#include "uapi/layout.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "user/user.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CONSOLE_FD 14  /* the console, for our own messages */
#define STATS_FD 15    /* write end of the stats pipe, in the tree only */
#define ROUND_DIR "/fz"
#define TREE_BUDGET 10 /* processes per round, beyond the root */
#define WATCHDOG_TICKS 300 /* 3 s: a round takes well under one */
#define LOG_K 24       /* calls printed with a failure */
#define NSYS 31        /* syscall numbers 0..30 are tried */
#define CANARY_WORDS 1024
#define FZBUF 512      /* each tree process's good buffer */

/* ---- the random stream ----------------------------------------------------- */

static uint64 rng;

/* xorshift64*: small, and good enough to choose among pools. */
static uint64 rnd(void)
{
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717UL;
}

static int pick(int n)
{
  return (int)(rnd() % (uint64)n);
}

/* splitmix64 finalizer: turns (seed, round, child number) into a stream
 * start that is never 0 (xorshift's one fixed point). */
static uint64 mix(uint64 x)
{
  x += 0x9E3779B97F4A7C15UL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
  x ^= x >> 31;
  return x ? x : 1;
}

/* ---- state of one tree process (each has its own copy) ------------------- */

static int verbose;
static int injecting;
static int budget;          /* processes this one may still create */
static int kids[TREE_BUDGET + 1];
static int nkids;
static char fdkind[NOFILE]; /* what we know of our own fds, below */
enum { FD_UNKNOWN, FD_PIPE };
static unsigned long canary[CANARY_WORDS]; /* pid 1 checks its copy */
static char bigpath[MAXPATH + 64];

/* ---- the stats pipe ------------------------------------------------------- */

#define REC_MAGIC 0xF7
struct rec {
  uint8 magic, kind, nr, sum; /* kind: 'P' start, 'C' call, 'R' result, 'E' exit */
  int pid;
  long a[3];                  /* call: the arguments; result: a[0] */
};

static uint8 rec_sum(const struct rec *r)
{
  const uint8 *b = (const uint8 *)r;
  uint8 s = 0;
  for (uint i = 0; i < sizeof *r; i++)
    if (i != 3)
      s += b[i];
  return s;
}

/* One write per record; pid 1 resynchronizes on the magic and sum if two
 * writers' bytes ever interleave (a full pipe splits a write). */
static void send_rec(int kind, int nr, long a0, long a1, long a2)
{
  struct rec r = { REC_MAGIC, (uint8)kind, (uint8)nr, 0, getpid(), { a0, a1, a2 } };
  r.sum = rec_sum(&r);
  write(STATS_FD, &r, sizeof r);
}

/* Ends a tree process the normal way (counted as not killed). */
static void tree_exit(int status)
{
  send_rec('E', 0, status, 0, 0);
  exit(status);
}

/* ---- issuing calls --------------------------------------------------------- */

static long raw_syscall(long nr, long a0, long a1, long a2, long a3)
{
  register long r0 asm("a0") = a0;
  register long r1 asm("a1") = a1;
  register long r2 asm("a2") = a2;
  register long r3 asm("a3") = a3;
  register long r7 asm("a7") = nr;
  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
  return r0;
}

/* Issues one call with four arguments, logging it before (so a call that
 * kills us or the kernel is on record; the record keeps three) and its
 * result after. */
static long issue4(long nr, long a0, long a1, long a2, long a3)
{
  send_rec('C', (int)nr, a0, a1, a2);
  if (verbose)
    fprintf(CONSOLE_FD, "fuzz[%d]: %ld(0x%lx, 0x%lx, 0x%lx, 0x%lx)\n", getpid(), nr, a0, a1, a2, a3);
  long r = raw_syscall(nr, a0, a1, a2, a3);
  send_rec('R', (int)nr, r, 0, 0);
  if (verbose)
    fprintf(CONSOLE_FD, "fuzz[%d]: %ld = %ld\n", getpid(), nr, r);
  return r;
}

/* The three-argument calls: a3 is 0, never what a register held. */
static long issue(long nr, long a0, long a1, long a2)
{
  return issue4(nr, a0, a1, a2, 0);
}

/* ---- argument pools -------------------------------------------------------- */

/* A pointer: good ones (into buf, our data) and every kind of bad one. */
static long pool_ptr(char *buf)
{
  long brk = (long)sbrk(0);
  switch (pick(13)) {
  case 0: return 0;
  case 1: return (long)&pool_ptr;                 /* text: not writable */
  case 2: case 3: return (long)buf;               /* good, writable */
  case 4: return brk;                             /* just past the break */
  case 5: return brk - 1;
  case 6: return (long)(USER_VA_LIMIT - 1);
  case 7: return (long)(USER_VA_LIMIT - 8);
  case 8: return (long)(1UL << 38) + 4096;
  case 9: return (long)0xFFFFFFC080200000UL;      /* the kernel */
  case 10: return (long)buf + 1 + pick(7);        /* unaligned */
  case 11: return (long)(USTACK_TOP - 8);         /* runs into the unmapped top */
  default: return (long)canary + pick(CANARY_WORDS - 16) * 8; /* COW-shared data */
  }
}

/* Caps n so the kernel cannot write past a good buffer of ours into the
 * fuzzer's own state (its budget, its children's pids): a buffer that
 * runs into an unmapped page is in the pools for that (USTACK_TOP - 8). */
static long fit(long ptr, long n, char *buf)
{
  long end = 0;
  if (ptr >= (long)buf && ptr < (long)buf + FZBUF)
    end = (long)buf + FZBUF;
  if (ptr >= (long)canary && ptr < (long)(canary + CANARY_WORDS))
    end = (long)(canary + CANARY_WORDS);
  if (end && (n < 0 || n > end - ptr) && pick(4))
    return end - ptr;
  if (end && (n < 0 || n > end - ptr))
    return -1; /* a negative size: kernels must refuse it, not copy */
  return n;
}

static long pool_size(void)
{
  static const long sizes[] = { 0, 1, 16, 100, 4096, 8192, 1 << 20, 0x7fffffff,
                                -1, -4096, (long)0x80000000L, 1L << 40 };
  return sizes[pick(NELEM(sizes))];
}

/* An fd: invalid ones, any small number, and the ones we know. Never our
 * own console and stats fds. */
static long pool_fd(void)
{
  switch (pick(4)) {
  case 0: {
    static const long bad[] = { -1, NOFILE, NOFILE + 1, NOFILE + 2, 1L << 32, -100 };
    return bad[pick(NELEM(bad))];
  }
  default: {
    int fd = pick(NOFILE);
    return fd == CONSOLE_FD || fd == STATS_FD ? 0 : fd;
  }
  }
}

/* Paths: names under the round directory (absolute and relative to a cwd
 * there), odd ones, and bad pointers. Nothing outside /fz can be
 * created, changed or removed through these, as long as no process
 * changes to "/" (random_call sees to it: seed 49 made /c that way). */
static const char pool_root[] = "/";

static long pool_path(char *buf)
{
  static const char *names[] = {
    "/fz/a", "/fz/b", "/fz/d", "/fz/d/c", "/fz/d/e", "/fz/d/e/f", "a", "d",
    "d/c", "e", "", pool_root, "/fz", "/fz/a/x", "/fz/d/.", "/fz/abcdefghijklmn",
    "/fz/abcdefghijklmnop", "/fz//b", "c",
  };
  int k = pick(NELEM(names) + 3);
  if (k < NELEM(names))
    return (long)names[k];
  if (k == NELEM(names))
    return (long)bigpath; /* longer than MAXPATH */
  return pool_ptr(buf);
}

/* Paths a process may exec or open read-only: real programs, a non-ELF,
 * missing ones. Never one that reads the console (cat, sh...). */
static const char *pool_prog(void)
{
  static const char *progs[] = { "/fuzz", "/echo", "/README", "/nonexist", "/", "/fz/a", "" };
  return progs[pick(NELEM(progs))];
}

/* ---- the fd kinds we must not block on --------------------------------------- */

/* A read or write on fd could block for ever (a pipe or the console, which
 * only we could feed or drain): use an invalid fd instead. */
static long safe_rw_fd(long fd)
{
  struct stat st;
  if (fd < 0 || fd >= NOFILE)
    return fd;
  if (fdkind[fd] == FD_PIPE)
    return NOFILE;
  if (fstat((int)fd, &st) == 0 && st.type == T_DEVICE)
    return NOFILE;
  return fd;
}

static void note_fd(long fd, int kind)
{
  if (fd >= 0 && fd < NOFILE)
    fdkind[fd] = (char)kind;
}

/* ---- the tree ----------------------------------------------------------------- */

static void tree_proc(void);

/* Forks a tree child with its own stream and a share of our budget.
 * Returns the child's pid (or -1), in the parent only. */
static long tree_fork(void)
{
  if (budget <= 0)
    return issue(SYS_getpid, 0, 0, 0);
  int share = (budget - 1) / 2;
  uint64 child_seed = mix(rnd() ^ (uint64)budget);
  long pid = issue(SYS_fork, 0, 0, 0);
  if (pid == 0) {
    rng = child_seed;
    budget = share;
    nkids = 0;
    send_rec('P', 0, 0, 0, 0);
    tree_proc();
  }
  if (pid > 0) {
    budget -= share + 1;
    kids[nkids++] = (int)pid;
  }
  return pid;
}

/* An exec, good or bad; accounts for leaving the tree's code if it works. */
static void tree_exec(char *buf)
{
  static char *good_fuzz[] = { "fuzz", "child-exit", "3", 0 };
  static char *good_echo[] = { "echo", "fuzz", 0 };
  static char *many[MAXARG + 2];
  static char *badstr[] = { "echo", (char *)0xFFFFFFC080200000UL, 0 };
  for (int i = 0; i < MAXARG + 1; i++)
    many[i] = "x";
  char **argvs[] = { good_fuzz, good_echo, many, badstr, (char **)0,
                     (char **)(USER_VA_LIMIT - 8), (char **)buf };
  const char *path = pick(4) ? pool_prog() : (const char *)pool_path(buf);
  char **argv = argvs[pick(NELEM(argvs))];
  if (argv == (char **)buf)
    memset(buf, 0xAB, 64); /* no terminator within the buffer's bytes */
  send_rec('E', 0, 0, 0, 0);  /* if it works, we are gone */
  issue(SYS_exec, (long)path, (long)argv, 0);
  send_rec('P', 0, 0, 0, 0);  /* it failed: still here */
}

/* One call with any number and arguments from the pools that number
 * takes. Never poweroff, and kill only of our children or ourselves. */
static void random_call(char *buf)
{
  long nr = pick(NSYS + 4);
  if (nr >= NSYS) {
    static const long bad[] = { -1, 1000, 0x80000000L, 1L << 40 };
    issue(bad[nr - NSYS], pool_size(), pool_size(), pool_size());
    return;
  }
  switch (nr) {
  case SYS_fork: tree_fork(); return;
  case SYS_exit: tree_exit(pick(3) - 1); return;
  case SYS_wait: issue(nr, pick(3) ? (long)buf : pool_ptr(buf), 0, 0); return;
  case SYS_pipe: {
    long p = pick(2) ? (long)buf : pool_ptr(buf);
    if (p != (long)buf && p != 0 && p < (long)USER_VA_LIMIT)
      p = 0; /* fds stored where we do not look would be pipes we block on */
    if (issue(nr, p, 0, 0) == 0 && p == (long)buf) {
      note_fd(((int *)buf)[0], FD_PIPE);
      note_fd(((int *)buf)[1], FD_PIPE);
    }
    return;
  }
  case SYS_read: case SYS_write: {
    long p = pool_ptr(buf);
    issue(nr, safe_rw_fd(pool_fd()), p, nr == SYS_read ? fit(p, pool_size(), buf) : pool_size());
    return;
  }
  case SYS_kill: {
    long pid = nkids && pick(2) ? kids[pick(nkids)] : 0;
    if (!pid) {
      static const long other[] = { -1, 0, 1L << 30, 0x80000000L };
      pid = pick(5) ? other[pick(NELEM(other))] : getpid();
    }
    issue(nr, pid, 0, 0);
    return;
  }
  case SYS_exec: tree_exec(buf); return;
  case SYS_fstat: case SYS_memstat:
    issue(nr, nr == SYS_fstat ? pool_fd() : pool_ptr(buf), pool_ptr(buf), 0);
    return;
  case SYS_dup: {
    long fd = pool_fd();
    long r = issue(nr, fd, 0, 0);
    if (fd >= 0 && fd < NOFILE)
      note_fd(r, fdkind[fd]);
    return;
  }
  case SYS_close: {
    long fd = pool_fd();
    if (issue(nr, fd, 0, 0) == 0)
      note_fd(fd, FD_UNKNOWN);
    return;
  }
  case SYS_sbrk: {
    static const long n[] = { 0, 1, 4096, 3 * 4096, -4096, -1, 1 << 16, -(1 << 16),
                              0x7fffffff, (long)0x80000000L };
    static const long type[] = { SBRK_EAGER, SBRK_LAZY, 0, 3, -1 };
    issue(nr, n[pick(NELEM(n))], type[pick(NELEM(type))], 0);
    return;
  }
  case SYS_pause: {
    static const long t[] = { 0, 1, 2, -1, (long)0x80000000L };
    issue(nr, t[pick(NELEM(t))], 0, 0);
    return;
  }
  case SYS_open: {
    long flags = pick(8) ? (long)(pick(3) | (pick(2) ? O_CREATE : 0) | (pick(4) ? 0 : O_TRUNC))
                         : (long)rnd();
    long path = pool_path(buf);
    if (pick(4) == 0) {
      path = (long)pool_prog(); /* a boot file: read-only, never changed */
      flags = O_RDONLY;
    }
    long r = issue(nr, path, flags, 0);
    note_fd(r, FD_UNKNOWN);
    return;
  }
  case SYS_mknod:
    issue(nr, pool_path(buf), pick(3), pick(3));
    return;
  case SYS_link: {
    /* never a boot file: a write through the new name under /fz would
     * change it (seed 22 truncated /fuzz that way) */
    long old = pick(3) ? pool_path(buf) : (long)(pick(2) ? "/" : "/nonexist");
    issue(nr, old, pool_path(buf), 0);
    return;
  }
  case SYS_chdir: case SYS_unlink: case SYS_mkdir: {
    long path = pool_path(buf);
    if (nr == SYS_chdir && path == (long)pool_root)
      path = (long)ROUND_DIR; /* relative names would then create outside /fz */
    issue(nr, path, 0, 0);
    return;
  }
  case SYS_poweroff:
    issue(SYS_getpid, 0, 0, 0);
    return;
  case SYS_vmregions: case SYS_vmpages: { /* any pid; n in records that fit */
    long p = pool_ptr(buf), bytes = fit(p, pool_size(), buf);
    long size = nr == SYS_vmpages ? sizeof(struct vmpage) : sizeof(struct vmregion);
    issue4(nr, pick(2) ? 0 : pool_size(), pool_size(), p, bytes < 0 ? bytes : bytes / size);
    return;
  }
  case SYS_lockstat: { /* n in classes that fit */
    long p = pool_ptr(buf), bytes = fit(p, pool_size(), buf);
    issue(nr, p, bytes < 0 ? bytes : bytes / (long)sizeof(struct lockstat_class), 0);
    return;
  }
  case SYS_procdump:
    if (pick(8) == 0) /* it prints the table: now and then only */
      issue(nr, 0, 0, 0);
    return;
  default: /* 0, getpid, uptime, vmcheck, lasterr, 30 */
    issue(nr, pool_size(), pool_size(), pool_size());
    return;
  }
}

/* ---- realistic sequences ----------------------------------------------------- */

/* pipe, write, read it back, close (in one process: nothing can block). */
static void seq_pipe(char *buf)
{
  int *p = (int *)buf;
  if (issue(SYS_pipe, (long)p, 0, 0) != 0)
    return;
  int r = p[0], w = p[1];
  long n = 1 + pick(200);
  issue(SYS_write, w, (long)buf + 8, n);
  issue(SYS_read, r, (long)buf + 8, n);
  issue(SYS_close, w, 0, 0);
  issue(SYS_read, r, (long)buf + 8, 8); /* end of file now */
  issue(SYS_close, r, 0, 0);
}

/* pipe and fork: the child writes and exits, the parent reads to the end. */
static void seq_pipe_fork(char *buf)
{
  int *p = (int *)buf;
  if (budget <= 0 || issue(SYS_pipe, (long)p, 0, 0) != 0)
    return;
  int r = p[0], w = p[1];
  budget--;
  long pid = issue(SYS_fork, 0, 0, 0);
  if (pid == 0) {
    send_rec('P', 0, 0, 0, 0);
    issue(SYS_close, r, 0, 0);
    issue(SYS_write, w, (long)canary, 1 + pick(3000));
    tree_exit(0);
  }
  issue(SYS_close, w, 0, 0);
  if (pid > 0) {
    kids[nkids++] = (int)pid;
    while (issue(SYS_read, r, (long)buf + 8, 120) > 0)
      ;
  }
  issue(SYS_close, r, 0, 0);
}

/* Grow the heap (eager or lazy), touch it, shrink it again. */
static void seq_sbrk(void)
{
  long n = 4096L * (1 + pick(16));
  int type = pick(2) ? SBRK_EAGER : SBRK_LAZY;
  long old = issue(SYS_sbrk, n, type, 0);
  if (old == -1)
    return;
  for (long off = 0; off < n; off += 4096)
    if (pick(2))
      ((volatile char *)old)[off] = (char)off;
  if (pick(3))
    issue(SYS_sbrk, -n + 4096L * pick(2), type, 0);
}

/* Fork, then both sides write the pages fork shared. */
static void seq_cow(void)
{
  if (budget <= 0)
    return;
  budget--;
  long pid = issue(SYS_fork, 0, 0, 0);
  int start = pick(CANARY_WORDS);
  for (int i = start; i < CANARY_WORDS; i += 1 + pick(64))
    canary[i] = rnd();
  if (pid == 0) {
    send_rec('P', 0, 0, 0, 0);
    tree_exit(0);
  }
  if (pid > 0)
    kids[nkids++] = (int)pid;
}

/* Files and directories under the round directory. */
static void seq_files(char *buf)
{
  issue(SYS_mkdir, (long)"/fz/d", 0, 0);
  long fd = safe_rw_fd(issue(SYS_open, (long)"/fz/d/c", O_CREATE | O_RDWR, 0));
  if (fd >= 0 && fd < NOFILE) { /* not a console that mknod made */
    issue(SYS_write, fd, (long)canary, 1 + pick(9000));
    issue(SYS_close, fd, 0, 0);
  }
  issue(SYS_link, (long)"/fz/d/c", (long)"/fz/b", 0);
  fd = safe_rw_fd(issue(SYS_open, (long)"/fz/b", O_RDONLY, 0)); /* mknod may have made it */
  if (fd >= 0 && fd < NOFILE) {
    issue(SYS_read, fd, (long)buf, 200);
    if (pick(2))
      issue(SYS_unlink, (long)"/fz/b", 0, 0); /* still open */
    issue(SYS_read, fd, (long)buf, 200);
    issue(SYS_close, fd, 0, 0);
  }
  issue(SYS_chdir, pick(2) ? (long)"/fz/d" : (long)"/fz", 0, 0);
  if (pick(2))
    issue(SYS_unlink, (long)"/fz/d/c", 0, 0);
  if (pick(3) == 0)
    issue(SYS_unlink, (long)"/fz/d", 0, 0); /* maybe our cwd */
}

/* Kill one of our children, then reap it. */
static void seq_kill(char *buf)
{
  if (nkids == 0)
    return;
  issue(SYS_kill, kids[pick(nkids)], 0, 0);
  issue(SYS_wait, (long)buf, 0, 0);
}

/* The life of a tree process: a bounded number of calls and sequences,
 * then wait for (some of) its children and exit. */
static void tree_proc(void)
{
  char buf[FZBUF];
  int calls = 6 + pick(26);
  memset(fdkind, FD_UNKNOWN, sizeof fdkind);
  for (int i = 0; i < calls; i++) {
    switch (pick(12)) {
    case 0: seq_pipe(buf); break;
    case 1: seq_pipe_fork(buf); break;
    case 2: seq_sbrk(); break;
    case 3: seq_cow(); break;
    case 4: seq_files(buf); break;
    case 5: seq_kill(buf); break;
    default: random_call(buf); break;
    }
  }
  if (pick(3)) /* else our children become pid 1's orphans */
    while (issue(SYS_wait, 0, 0, 0) >= 0)
      ;
  tree_exit(0);
}

/* ---- pid 1: rounds and checks ------------------------------------------------ */

static long seed;
static int round;
static long ncalls, nprocs, nclean, nwatchdog;
static struct rec ring[LOG_K]; /* the round's last calls and results */
static int ring_n;

static void fail(const char *what)
{
  printf("fuzz: FAIL seed %ld round %d: %s\n", seed, round, what);
  int n = ring_n < LOG_K ? ring_n : LOG_K;
  printf("fuzz: the round's last %d calls and results (pid: number(args) / = result):\n", n);
  for (int i = ring_n - n; i < ring_n; i++) {
    struct rec *r = &ring[i % LOG_K];
    if (r->kind == 'C')
      printf("  %d: %d(0x%lx, 0x%lx, 0x%lx)\n", r->pid, r->nr, r->a[0], r->a[1], r->a[2]);
    else
      printf("  %d:   = %ld\n", r->pid, r->a[0]);
  }
  printf("fuzz: replay: tools/qemu-boot --smp 1 [this boot's cow=/fail* words] init=fuzz -v%s %ld %d\n",
         injecting ? " -i" : "", seed, round + 1);
  exit(1);
}

/* Retries a set-up step under fault injection (its allocation may be the
 * one failed on purpose); without -i a failure is a failure. */
static int tries(void)
{
  return injecting ? 20 : 1;
}

static void account(const struct rec *r)
{
  switch (r->kind) {
  case 'P': nprocs++; break;
  case 'E': nclean++; break;
  case 'C': ncalls++; /* fall through */
  case 'R': ring[ring_n++ % LOG_K] = *r; break;
  }
}

/* Reads the stats pipe to its end (every tree process gone), parsing
 * records; bytes that do not form a record are skipped one at a time. */
static void drain_stats(int fd)
{
  static uint8 buf[1024];
  int have = 0, n;
  while ((n = read(fd, buf + have, sizeof buf - have)) > 0) {
    have += n;
    int at = 0;
    while (have - at >= (int)sizeof(struct rec)) {
      struct rec r;
      memcpy(&r, buf + at, sizeof r);
      if (r.magic == REC_MAGIC && rec_sum(&r) == r.sum) {
        account(&r);
        at += sizeof r;
      } else {
        at++;
      }
    }
    memmove(buf, buf + at, have - at);
    have -= at;
  }
}

/* The watchdog: after WATCHDOG_TICKS it shows the process table and
 * kills every process created since itself (the round's tree: pids are
 * never reused), again every few ticks, until pid 1 kills it once the
 * tree is gone. It keeps trying: a probe fork may fail for memory. */
static int start_watchdog(void)
{
  int pid = fork();
  if (pid != 0)
    return pid;
  if (pause(WATCHDOG_TICKS) < 0)
    exit(0); /* killed: the round ended in time */
  procdump();
  for (;;) {
    int probe = fork();
    if (probe == 0)
      exit(0);
    for (int p = getpid() + 1; p < probe; p++)
      kill(p);
    if (probe > 0)
      wait(0);
    pause(10);
  }
}

/* Puts fd at number target (the numbers between are free), closing fd. */
static void move_fd(int fd, int target)
{
  int got[NOFILE], n = 0, d;
  while (n < NOFILE && (d = dup(fd)) >= 0 && d != target)
    got[n++] = d;
  while (n > 0)
    close(got[--n]);
  close(fd);
}

/* In the round's root, just forked: stdin the round directory, stdout and
 * stderr a file in it (so writes and exec'd programs never flood the
 * console), the stats pipe at STATS_FD, nothing else open. */
static void become_root(int p[2], uint64 stream)
{
  close(p[0]);
  move_fd(p[1], STATS_FD);
  close(0);
  close(1);
  close(2);
  open(ROUND_DIR, O_RDONLY);
  open(ROUND_DIR "/out", O_CREATE | O_RDWR);
  dup(1);
  chdir(ROUND_DIR);
  rng = stream;
  budget = TREE_BUDGET;
  send_rec('P', 0, 0, 0, 0);
  tree_proc();
}

/* Removes everything under path (a directory, or anything else); pid 1
 * only, with fixed buffers on its stack. A name that stays is said: its
 * frames would then look leaked. */
static void remove_tree(const char *path, int depth)
{
  struct stat st;
  int fd = open(path, O_RDONLY);
  if (fd >= 0 && fstat(fd, &st) == 0 && st.type == T_DIR && depth < 8) {
    struct dirent de;
    char sub[MAXPATH];
    while (read(fd, &de, sizeof de) == sizeof de) {
      if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
        continue;
      char name[DIRSIZ + 1];
      memmove(name, de.name, DIRSIZ);
      name[DIRSIZ] = 0;
      snprintf(sub, sizeof sub, "%s/%s", path, name);
      remove_tree(sub, depth + 1);
    }
  }
  if (fd >= 0)
    close(fd);
  if (unlink(path) < 0 && depth > 0)
    printf("fuzz: round %d: cannot remove %s: %s\n", round, path, strerror(lasterr()));
}

static long frames(long *fs)
{
  struct memstat ms;
  if (memstat(&ms) != 0)
    return -1;
  *fs = (long)ms.fs_frames;
  return (long)ms.frames_free;
}

/* frames_free, after letting frees on other harts finish. */
static long settle(long want, long *fs)
{
  long got = -1;
  for (int i = 0; i < 10; i++) {
    got = frames(fs);
    if (got == want)
      break;
    pause(1);
  }
  return got;
}

/* fork + exec of "fuzz child-exit 7" must exit 7. Returns 1 if it did,
 * 0 if it failed for want of memory (fork or exec said ENOMEM, or the
 * child was killed by a fault that found none), -1 for anything else. */
static char check_why[64]; /* why the last attempt did not exit 7 */

static int forks_and_execs(void)
{
  static char *argv[] = { "fuzz", "child-exit", "7", 0 };
  int pid = fork();
  if (pid < 0)
    snprintf(check_why, sizeof check_why, "fork: %s", strerror(lasterr()));
  if (pid < 0)
    return lasterr() == ENOMEM || lasterr() == EAGAIN ? 0 : -1;
  if (pid == 0) {
    exec("/fuzz", argv);
    exit(100 + lasterr());
  }
  int st = -2;
  if (wait(&st) != pid)
    return -1;
  if (st == 7)
    return 1;
  if (st >= 100)
    snprintf(check_why, sizeof check_why, "exec: %s", strerror(st - 100));
  else
    snprintf(check_why, sizeof check_why, "the child exited %d", st);
  return st == -1 || st == 100 + ENOMEM ? 0 : -1;
}

/* The liveness check. Without -i it must work the first time; under
 * fault injection an attempt may fail for memory (the counter can hit
 * every fork+exec the same way): retried, and only a failure for another
 * reason is one. */
static void check_forks_and_execs(void)
{
  for (int t = 0; t < tries(); t++) {
    int r = forks_and_execs();
    if (r == 1 || (r == 0 && t == tries() - 1 && injecting))
      return;
    if (r < 0 || !injecting)
      break;
  }
  char why[128];
  snprintf(why, sizeof why, "fork + exec of fuzz child-exit 7 did not exit 7 (%s)", check_why);
  fail(why);
}

static void fill_canary(void)
{
  for (int i = 0; i < CANARY_WORDS; i++)
    canary[i] = mix((uint64)(round * CANARY_WORDS + i));
}

static int canary_ok(void)
{
  for (int i = 0; i < CANARY_WORDS; i++)
    if (canary[i] != mix((uint64)(round * CANARY_WORDS + i)))
      return 0;
  return 1;
}

/* One round: set up, run the tree, reap it all, check. */
static void run_round(void)
{
  char why[96];
  long fs_before = -1, fs_after = -1;
  ring_n = 0;
  fill_canary();
  long before = settle(-1, &fs_before);
  int ok = 0;
  for (int t = 0; t < tries() && !ok; t++)
    ok = mkdir(ROUND_DIR) == 0;
  if (!ok)
    fail("cannot make " ROUND_DIR);
  int wd = -1, root = -1, start = uptime();
  for (int t = 0; t < tries() && wd < 0; t++)
    wd = start_watchdog(); /* before the pipe: it must not hold an end */
  int p[2] = { -1, -1 };
  for (int t = 0; t < tries() && pipe(p) != 0; t++)
    ;
  if (p[0] < 0)
    fail("pipe failed");
  uint64 stream = mix((uint64)seed * 1000003UL + (uint64)round);
  for (int t = 0; t < tries() && root < 0 && wd > 0; t++)
    if ((root = fork()) == 0)
      become_root(p, stream);
  close(p[1]);
  if (wd < 0 || root < 0)
    fail("cannot fork the watchdog or the tree");
  drain_stats(p[0]);
  close(p[0]);
  kill(wd);
  while (wait(0) >= 0)
    ;
  if (uptime() - start >= WATCHDOG_TICKS)
    nwatchdog++;
  remove_tree(ROUND_DIR, 0);
  long after = settle(before, &fs_after);
  int vm = vmcheck();
  if (vm < 0)
    printf("fuzz: round %d: vmcheck could not check (no memory for its tally)\n", round);
  if (after != before) {
    snprintf(why, sizeof why, "frames_free %ld before, %ld after (fs_frames %ld, %ld)",
             before, after, fs_before, fs_after);
    fail(why);
  }
  if (fs_after != fs_before) {
    snprintf(why, sizeof why, "fs_frames %ld before, %ld after", fs_before, fs_after);
    fail(why);
  }
  if (vm > 0) {
    snprintf(why, sizeof why, "vmcheck found %d problems", vm);
    fail(why);
  }
  if (!canary_ok())
    fail("the canary in pid 1's memory changed");
  check_forks_and_execs();
}

/* Makes the console fds 0-2 and CONSOLE_FD (we are the first process). */
static void setup_console(void)
{
  int fd = open("/console", O_RDWR);
  while (fd >= 0 && fd < 2)
    fd = dup(fd);
  move_fd(dup(1), CONSOLE_FD);
  if (fd > 2)
    close(fd);
}

static void usage(void)
{
  printf("usage: fuzz [-v] [-i] SEED [ROUNDS]   (as pid 1: init=fuzz ...)\n");
  exit(2);
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "child-exit") == 0)
    exit(atoi(argv[2]));
  if (getpid() != 1)
    usage();
  setup_console();
  int a = 1;
  for (; a < argc && argv[a][0] == '-'; a++) {
    if (strcmp(argv[a], "-v") == 0)
      verbose = 1;
    else if (strcmp(argv[a], "-i") == 0)
      injecting = 1;
    else
      usage();
  }
  if (a >= argc || argc - a > 2)
    usage();
  seed = atoi(argv[a]);
  int rounds = a + 1 < argc ? atoi(argv[a + 1]) : 50;
  memset(bigpath, 'p', sizeof bigpath - 1);
  bigpath[0] = '/';
  /* A warm-up round (not counted, not checked for frames): first uses
   * of our stack, the round directory's slot in /, printf. */
  round = -1;
  long saved = verbose;
  verbose = 0;
  {
    char dummy[4096 * 12]; /* touches most of the stack once */
    memset(dummy, 1, sizeof dummy);
    mkdir(ROUND_DIR);
    remove_tree(ROUND_DIR, 0);
    forks_and_execs();
  }
  verbose = (int)saved;
  for (round = 0; round < rounds; round++)
    run_round();
  /* on a line of its own, whatever a tree wrote to the console */
  printf("\nfuzz: seed %ld: %d rounds, %ld calls, %ld processes, %ld killed by faults, 0 failures\n",
         seed, rounds, ncalls, nprocs, nprocs - nclean);
  if (nwatchdog)
    printf("fuzz: the watchdog ended %ld rounds' trees (blocked on themselves)\n", nwatchdog);
  poweroff(0);
  exit(0);
}
