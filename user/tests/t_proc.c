/* Process lifecycle: exit statuses, wait, the process limit, pids, memory
 * isolation after fork, fork/exit churn across harts, reparenting, time. */
#include "tutil.h"
#include "tests.h"

/* Guards against exit codes being truncated, masked or lost on the way
 * from exit(n) to the parent's wait. */
void test_exit_status(void)
{
  static const int codes[] = { 0, 1, 2, 42, 127, 128, 255 };
  for (int i = 0; i < NELEM(codes); i++) {
    int pid = t_fork();
    if (pid == 0)
      exit(codes[i]);
    CHECK_EQ(t_wait_one(pid), codes[i]);
  }
}

/* Guards against wait(0) dereferencing the null status pointer or failing
 * instead of simply discarding the status. */
void test_wait_null(void)
{
  int pid = t_fork();
  if (pid == 0)
    exit(3);
  CHECK_EQ(wait(0), pid);
  CHECK_EQ(wait(0), -1);
}

/* Guards against wait blocking forever, or writing the status, when the
 * caller has no children. */
void test_wait_nochild(void)
{
  int status = 12345;
  CHECK_EQ(wait(&status), -1);
  CHECK_EQ(status, 12345);
  CHECK_EQ(wait(0), -1);

  int pid = t_fork();
  if (pid == 0)
    exit(0);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(wait(&status), -1);
}

/* Guards against wait() reaping a child and then failing to store its
 * status through a bad pointer: the child's pid and status would be lost.
 * As in xv6, a wait that cannot store the status leaves the child for a
 * later wait. */
void test_wait_badptr_keeps_child(void)
{
  int pid = t_fork();
  if (pid == 0)
    exit(7);
  pause(1); /* usually a zombie by now; either way the child must survive */
  CHECK_EQ(wait((int *)(uint64)KERNBASE), -1);
  CHECK_EQ(wait((int *)(PGSIZE - 8)), -1);
  int status = 0;
  CHECK_EQ(wait(&status), pid);
  CHECK_EQ(status, 7);
  CHECK_EQ(wait(0), -1);
}

#define WAIT_KIDS 8

/* Returns the index of pid in pids[0..n), or -1. */
static int index_of(const int *pids, int n, int pid)
{
  for (int i = 0; i < n; i++)
    if (pids[i] == pid)
      return i;
  return -1;
}

/* Guards against wait returning a child twice, never, or with another
 * child's status, whether the child exits before or after the wait. */
void test_wait_each_once(void)
{
  int pids[WAIT_KIDS];
  int seen[WAIT_KIDS] = { 0 };

  for (int i = 0; i < WAIT_KIDS; i++) {
    pids[i] = t_fork();
    if (pids[i] == 0) {
      if (i & 1)
        pause(1);
      exit(10 + i);
    }
  }
  for (int k = 0; k < WAIT_KIDS; k++) {
    int status;
    int w = wait(&status);
    int i = index_of(pids, WAIT_KIDS, w);
    CHECK(i >= 0);
    CHECK(!seen[i]);
    seen[i] = 1;
    CHECK_EQ(status, 10 + i);
  }
  CHECK_EQ(wait(0), -1);
}

/* Forks children that block reading p[0] until the test closes p[1];
 * returns how many were created before fork returned -1 (at most max). */
static int fork_until_full(int p[2], int max)
{
  int n = 0;
  while (n < max) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      char c;
      close(p[1]);
      read(p[0], &c, 1);
      exit(0);
    }
    n++;
  }
  return n;
}

/* Guards against fork overrunning the process table (or failing far below
 * it), against a failed fork leaking anything, and against table slots not
 * being recycled after the children are reaped. */
void test_fork_limit(void)
{
  int p[2];
  t_pipe(p);
  int n = fork_until_full(p, NPROC);
  close(p[1]);
  for (int i = 0; i < n; i++) {
    int status;
    CHECK(wait(&status) > 0);
    CHECK_EQ(status, 0);
  }
  CHECK_EQ(wait(0), -1);
  close(p[0]);

  printf("# fork_limit: %d children before fork failed (NPROC %d)\n", n, NPROC);
  CHECK(n < NPROC);
  CHECK(n >= NPROC / 2);

  int pid = t_fork();
  if (pid == 0)
    exit(0);
  CHECK_EQ(t_wait_one(pid), 0);
}

#define PID_KIDS 5

/* Guards against getpid disagreeing with fork's return value, and against
 * two live processes sharing a pid. */
void test_getpid_distinct(void)
{
  int me = getpid();
  int pids[PID_KIDS];
  int rep[2], go[2];

  CHECK(me > 0);
  t_pipe(rep);
  t_pipe(go);
  for (int i = 0; i < PID_KIDS; i++) {
    pids[i] = t_fork();
    if (pids[i] == 0) {
      int msg[2] = { i, getpid() };
      char c;
      close(go[1]); /* so a test that dies early ends our read */
      close(rep[0]);
      write(rep[1], msg, sizeof msg);
      read(go[0], &c, 1); /* stay alive until every pid is reported */
      exit(0);
    }
    CHECK(pids[i] > 0 && pids[i] != me);
    for (int j = 0; j < i; j++)
      CHECK(pids[j] != pids[i]);
  }
  close(rep[1]); /* a child that dies early must end our read, not hang it */
  close(go[0]);
  for (int k = 0; k < PID_KIDS; k++) {
    int msg[2];
    t_read_full(rep[0], msg, sizeof msg);
    CHECK(msg[0] >= 0 && msg[0] < PID_KIDS);
    CHECK_EQ(msg[1], pids[msg[0]]);
  }
  close(go[1]);
  for (int k = 0; k < PID_KIDS; k++)
    CHECK(wait(0) > 0);
  CHECK_EQ(getpid(), me);
}

static int iso_data = 1; /* in .data: shared copy-on-write after fork */

/* Guards against fork sharing writable memory (data, heap or stack): a
 * write by either process after fork must stay invisible to the other. */
void test_fork_isolation(void)
{
  volatile int stack_v = 1;
  volatile char *heap = (volatile char *)sbrk(PGSIZE);
  int go[2];

  CHECK(heap != (volatile char *)SBRK_ERROR);
  heap[0] = 1;
  iso_data = 1;
  t_pipe(go);
  int pid = t_fork();
  if (pid == 0) {
    char c;
    close(go[1]); /* a parent that dies early must end our read */
    t_read_full(go[0], &c, 1); /* parent has written its 3s by now */
    CHECK(stack_v == 1 && heap[0] == 1 && iso_data == 1);
    stack_v = 2;
    heap[0] = 2;
    iso_data = 2;
    CHECK(stack_v == 2 && heap[0] == 2 && iso_data == 2);
    exit(0);
  }
  close(go[0]);
  stack_v = 3;
  heap[0] = 3;
  iso_data = 3;
  t_write_full(go[1], "g", 1);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK(stack_v == 3 && heap[0] == 3 && iso_data == 3);
}

#define STORM_WORKERS 4
#define STORM_ROUNDS 100

/* One worker of fork_storm: fork, reap, check, repeat. Exits 0 if every
 * round got back the right pid and status. */
static void storm_worker(int id)
{
  for (int i = 0; i < STORM_ROUNDS; i++) {
    int code = (id * 37 + i) & 0x7f;
    int pid = fork();
    if (pid < 0)
      exit(2);
    if (pid == 0) {
      if (i % 3 == 0)
        exit(code); /* usually exits before the parent waits */
      for (volatile int spin = 0; spin < 1000; spin++)
        ;
      exit(code);
    }
    int status;
    if (wait(&status) != pid)
      exit(3);
    if (status != code)
      exit(4);
  }
  exit(0);
}

/* Guards against races in the process table, pid allocation and the
 * exit/wait handshake when several processes fork and exit as fast as they
 * can on all harts at once. */
void test_fork_storm(void)
{
  for (int w = 0; w < STORM_WORKERS; w++)
    if (t_fork() == 0)
      storm_worker(w);
  for (int w = 0; w < STORM_WORKERS; w++) {
    int status;
    CHECK(wait(&status) > 0);
    CHECK_EQ(status, 0);
  }
  CHECK_EQ(wait(0), -1);
}

/* Guards against orphans dying with their parent or never being reaped
 * (runtests, as pid 1, reaps them; the leak check then sees their frames
 * come back). Needs runtests to be pid 1. */
void test_orphan_reparent(void)
{
  int go[2], back[2];
  t_pipe(go);
  t_pipe(back);
  int mid = t_fork();
  if (mid == 0) {
    if (t_fork() == 0) {
      char c;
      close(go[1]); /* a test that dies early must end our read */
      close(back[0]);
      t_read_full(go[0], &c, 1); /* wait until our parent is gone */
      t_write_full(back[1], "o", 1);
      exit(0);
    }
    exit(0);
  }
  close(go[0]);
  close(back[1]); /* an orphan that dies early must end our read */
  CHECK_EQ(t_wait_one(mid), 0);
  CHECK_EQ(wait(0), -1); /* the grandchild is not ours */
  t_write_full(go[1], "g", 1);
  char c;
  t_read_full(back[0], &c, 1);
  CHECK_EQ(c, 'o');
}

/* Guards against a frozen tick counter or a sleep that returns early, and
 * against a sleep far longer than asked (the bound is loose: 2 ticks
 * asked, up to 5 s of slack for a loaded host). */
void test_uptime_sleep(void)
{
  int t0 = uptime();
  uint64 c0 = rdtime();
  CHECK(t0 >= 0);
  CHECK_EQ(pause(2), 0);
  int t1 = uptime();
  uint64 c1 = rdtime();
  CHECK(t1 >= t0 + 2);
  CHECK(t1 - t0 < 500);
  CHECK(c1 > c0);
  CHECK_EQ(pause(0), 0);
  CHECK(uptime() >= t1);
}

/* The class `name` in a lockstat() listing, or NULL. */
static struct lockstat_class *find_class(struct lockstat_class *c, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (strcmp(c[i].name, name) == 0)
      return &c[i];
  return 0;
}

/* Guards against lock statistics that do not count, count wrongly, or
 * trust the caller's buffer: after four forks the "proc" and "runq"
 * classes were taken more often, no class was contended more often than
 * taken, names are terminated, and bad arguments fail with -1. */
void test_lockstat_counts(void)
{
  static struct lockstat_class before[LOCKSTAT_CLASSES], after[LOCKSTAT_CLASSES];
  int n0 = lockstat(before, LOCKSTAT_CLASSES);
  CHECK(n0 > 0 && n0 <= LOCKSTAT_CLASSES);
  CHECK(lockstat(0, 0) >= n0);                       /* classes are only ever added */
  for (int i = 0; i < 4; i++)
    if (t_fork() == 0)
      exit(0);
  for (int i = 0; i < 4; i++)
    CHECK(wait(0) > 0);
  int n1 = lockstat(after, LOCKSTAT_CLASSES);
  CHECK(n1 >= n0);
  static const char *busy[] = { "proc", "runq" };
  for (int i = 0; i < 2; i++) {
    struct lockstat_class *b = find_class(before, n0, busy[i]), *a = find_class(after, n1, busy[i]);
    CHECK(a != 0);
    if (a)
      CHECK(a->acquisitions > (b ? b->acquisitions : 0));
  }
  for (int i = 0; i < n1; i++) {
    CHECK(after[i].contended <= after[i].acquisitions);
    CHECK(after[i].name[0] != 0 && after[i].name[LOCKSTAT_NAME_MAX - 1] == 0);
  }
  CHECK_EQ(lockstat(after, -1), -1);
  CHECK_EQ(lockstat((struct lockstat_class *)1, LOCKSTAT_CLASSES), -1);
  CHECK_EQ(lockstat((struct lockstat_class *)0xffffffffffff0000UL, 1), -1);
}
