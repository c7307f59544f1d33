/* bexecsh: what exec of the shell costs now that program pages are mapped
 * from the file (issue 15, docs/performance.md).
 *
 *   execsh.copied    pages exec gave fresh frames (memstat exec_pages_copied)
 *                    and pages it mapped from the file (file_pages_mapped),
 *                    for one exec of sh
 *   forkexec_sh      fork + exec(sh) + sh reading EOF and exiting + wait
 *   sh20.frames      frames in use with 20 shells running (waiting on a
 *                    pipe), in total and per shell
 *
 * usage: bexecsh REPS */
#include "bench.h"

#define SHELLS 20

static char *sh_argv[] = { "sh", 0 };

/* Starts sh reading `in` (it runs until every write end is closed);
 * its prompt goes nowhere (writes to a read end fail). Returns its pid. */
static int start_sh(int in)
{
  int pid = fork();
  if (pid == 0) {
    for (int fd = 0; fd < 3; fd++) {
      close(fd);
      dup(in);
    }
    for (int fd = 3; fd < 16; fd++)
      close(fd);
    exec(sh_argv[0], sh_argv);
    exit(127);
  }
  return pid;
}

/* start_sh on a new pipe, whose write end is closed at once (the shell
 * reads EOF and exits). Returns the pid, or -1. */
static int start_sh_exiting(void)
{
  int p[2];
  if (pipe(p) < 0)
    return -1;
  int pid = start_sh(p[0]);
  close(p[0]);
  close(p[1]);
  return pid;
}

/* One fork+exec+exit+wait of sh; returns its ticks, or 0 on failure. */
static unsigned long one_forkexec(struct bench_delta *d, long *copied, long *mapped)
{
  struct memstat before, after;
  memstat(&before);
  unsigned long t0 = rdtime();
  if (start_sh_exiting() < 0)
    return 0;
  int status = -1;
  wait(&status);
  unsigned long t1 = rdtime();
  memstat(&after);
  bench_diff(&before, &after, d);
  *copied = (long)(after.exec_pages_copied - before.exec_pages_copied);
  *mapped = (long)(after.file_pages_mapped - before.file_pages_mapped);
  return status == 0 ? t1 - t0 : 0;
}

/* Frames in use with SHELLS shells waiting; 0 if one failed to start. */
static long frames_for_shells(void)
{
  int p[2];
  struct memstat before, during;
  if (pipe(p) < 0)
    return 0;
  memstat(&before);
  int started = 0;
  while (started < SHELLS && start_sh(p[0]) > 0)
    started++;
  sleep(10); /* every shell is in its first read by now */
  memstat(&during);
  close(p[0]);
  close(p[1]); /* all of them read EOF and exit */
  for (int i = 0; i < started; i++)
    wait(0);
  return started == SHELLS ? (long)(before.frames_free - during.frames_free) : 0;
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 2) {
    fprintf(2, "usage: bexecsh REPS\n");
    return 2;
  }
  int reps = bench_reps(argv[1]);
  struct bench_series s = { 0 };
  long copied = 0, mapped = 0;
  for (int r = 0; r < reps; r++) {
    struct bench_delta d;
    unsigned long ticks = one_forkexec(&d, &copied, &mapped);
    if (ticks == 0) {
      printf("# bexecsh: fork or exec of sh failed\n");
      return 1;
    }
    bench_add(&s, ticks, &d);
  }
  bench_report("forkexec_sh", 0, 1, &s);
  bench_value("execsh", "pages_copied", copied);
  bench_value("execsh", "pages_mapped", mapped);
  long frames = frames_for_shells();
  if (frames == 0) {
    printf("# bexecsh: could not start %d shells\n", SHELLS);
    return 1;
  }
  bench_value("sh20", "frames", frames);
  bench_value("sh20", "frames_per_shell", frames / SHELLS);
  return 0;
}
