/* bforkexec: fork + exec of a tiny program + wait, from a big parent
 * (issue 5, item 3).
 *
 * The shell's pattern: a parent with a large, dirty heap forks a child
 * that immediately execs another program (bnop, which exits 0). With COW
 * the heap is shared and then dropped at exec; the pages copied between
 * fork and exec (memstat cow_copies + fork_copied) should be at most the
 * stack page or two that the child and parent write. With cow=off, fork
 * copies the whole heap only for exec to throw it away.
 *
 * One repetition: t0 = rdtime; fork; child: exec("bnop"); parent:
 * wait(&status); t1 = rdtime. The parent re-dirties its heap before each
 * repetition (outside the window).
 *
 * usage: bforkexec REPS KIB */
#include "bench.h"

static char *nop_argv[] = { "bnop", 0 };

/* Runs one repetition; returns -1 if fork failed or the child did not
 * exit 0 (exec failed). */
static int one_rep(char *heap, unsigned long bytes, long round,
                   unsigned long *ticks, struct bench_delta *d)
{
  struct memstat before, after;
  bench_touch(heap, bytes, round);
  memstat(&before);
  bench_prof_begin();
  unsigned long t0 = rdtime();
  int pid = fork();
  if (pid == 0) {
    exec(nop_argv[0], nop_argv);
    exit(127);
  }
  if (pid < 0)
    return -1;
  int status = -1;
  wait(&status);
  unsigned long t1 = rdtime();
  bench_prof_end();
  memstat(&after);
  bench_diff(&before, &after, d);
  *ticks = t1 - t0;
  return status == 0 ? 0 : -1;
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 3) {
    fprintf(2, "usage: bforkexec REPS KIB\n");
    return 2;
  }
  int reps = bench_reps(argv[1]);
  long kib = bench_arg(argv[2], "heap KiB");
  unsigned long bytes = (unsigned long)kib * 1024;
  char *heap = bench_heap_resize(bytes);
  if (!heap) {
    printf("# bforkexec: sbrk(%ld KiB) failed\n", kib);
    return 1;
  }
  struct bench_series s = { 0 };
  for (int r = 0; r < reps; r++) {
    unsigned long ticks;
    struct bench_delta d;
    if (one_rep(heap, bytes, r + 1, &ticks, &d) < 0) {
      printf("# bforkexec: fork or exec of %s failed\n", nop_argv[0]);
      bench_value("forkexec", "error_kib", kib);
      return 1;
    }
    bench_add(&s, ticks, &d);
  }
  bench_report("forkexec", kib, 1, &s);
  return 0;
}
