/* kill: of running, sleeping, blocked, exited and nonexistent processes. */
#include "tutil.h"
#include "tests.h"

/* How long a "spinning" child spins before giving up (20 s of rdtime). */
#define SPIN_LIMIT (20 * TIMEBASE_HZ)

/* The write end of the pipe a child started by start() reports ready on. */
static int ready_fd = -1;

static void say_ready(void)
{
  write(ready_fd, "r", 1);
}

/* Spins in user mode, making no system call, for up to SPIN_LIMIT. */
static void spin_body(void)
{
  uint64 t0 = rdtime();
  say_ready();
  while (rdtime() - t0 < SPIN_LIMIT)
    ;
}

/* Sleeps for 1000 ticks. */
static void sleep_body(void)
{
  say_ready();
  pause(1000);
}

/* Forks a child that runs body (which calls say_ready() once it is set
 * up) and exits 0 if body returns. Returns the child's pid once it is
 * ready; fails the test if it died before that. */
static int start(void (*body)(void))
{
  int p[2];
  char c;
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    close(p[0]);
    ready_fd = p[1];
    body();
    exit(0);
  }
  close(p[1]);
  int r = read(p[0], &c, 1);
  close(p[0]);
  if (r != 1)
    FAIL("child died before it was ready");
  return pid;
}

/* Guards against kill having no effect on a process that never enters the
 * kernel voluntarily: it must die via the timer-interrupt path, status -1. */
void test_kill_spin(void)
{
  int pid = start(spin_body);
  pause(2); /* let it get into the loop */
  CHECK_EQ(kill(pid), 0);
  CHECK_EQ(t_wait_one(pid), -1);
}

/* Guards against kill leaving a sleeping process asleep until its timeout
 * (or letting it exit normally instead of with -1). */
void test_kill_sleep(void)
{
  int pid = start(sleep_body);
  pause(1);
  int t0 = uptime();
  CHECK_EQ(kill(pid), 0);
  CHECK_EQ(t_wait_one(pid), -1);
  CHECK(uptime() - t0 < 500); /* well before the pause would end */
}

/* Guards against kill not waking a process blocked reading an empty pipe.
 * A watchdog writes to the pipe after 1000 ticks, so a broken kill shows up
 * as a child that exited 0 instead of a hang. */
void test_kill_pipe_read(void)
{
  int p[2];
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    char c;
    close(p[1]);
    int r = read(p[0], &c, 1);
    exit(r == 1 ? 0 : 2);
  }
  close(p[0]);
  pause(2); /* let it block in read */
  int wd = t_watchdog(p[1], 1000);
  CHECK_EQ(kill(pid), 0);
  int status;
  int w = wait(&status);
  if (w == wd)
    FAIL("reader not killed: the watchdog fired first");
  CHECK_EQ(w, pid);
  CHECK_EQ(status, -1);
  kill(wd);
  CHECK_EQ(wait(0), wd);
}

/* Guards against kill reporting success for a pid that names no process
 * (here: one already reaped, and one never allocated). */
void test_kill_nopid(void)
{
  int pid = t_fork();
  if (pid == 0)
    exit(0);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(kill(pid), -1);
  CHECK_EQ(kill(1 << 30), -1);
  CHECK_EQ(kill(0x7fffffff), -1);
}

/* Guards against kill rewriting the exit status of a process that has
 * already exited (kill itself may return 0 or -1). */
void test_kill_zombie(void)
{
  int p[2];
  char c;
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    close(p[0]);
    exit(5);
  }
  close(p[1]);
  CHECK_EQ(read(p[0], &c, 1), 0); /* its exit closed its end */
  pause(1);
  int r = kill(pid);
  CHECK(r == 0 || r == -1);
  CHECK_EQ(t_wait_one(pid), 5);
}

/* Makes the current process kill itself; must never get to exit(7). */
static void suicide(void)
{
  kill(getpid());
  exit(7);
}

/* Guards against a process that kills itself carrying on: the kill must
 * take effect on the way back to user mode, with status -1. */
void test_kill_self(void)
{
  CHECK_EQ(t_run(suicide), -1);
}
