/* bfork: the cost of fork as the parent grows (issue 5, items 1 and 2).
 *
 * For each heap size, the parent grows its heap with sbrk() and writes
 * every page, so all of it is private, dirty memory that fork must either
 * share (copy-on-write) or copy (cow=off). One repetition is
 *
 *   t0 = rdtime; pid = fork(); t1 = rdtime (parent); wait(&st); t2 = rdtime
 *
 * and reports three figures:
 *   NAME.total  t2 - t0: fork + the child's life and exit + wait, the
 *               figure the targets are about;
 *   NAME.call   t1 - t0: the fork system call alone, as the parent sees it
 *               (on one hart the parent runs on until it waits);
 *   NAME.rest   t2 - t1: the child's run, exit (teardown) and the wait.
 *
 * Mode `none`: the child exits at once (the shell's fork-then-exec pattern
 * minus the exec). Mode `write`: the child first writes one word in every
 * heap page (COW's worst case: every shared page gets copied, late). One
 * store per page is the least work that forces the copy, so the comparison
 * with cow=off is as unfavourable to COW as it can be.
 *
 * wait() stores the status on the parent's stack, so the window includes the
 * parent's first write to its own (shared, after fork) stack page, as it
 * would in any program that checks its child's exit status.
 *
 * The parent re-dirties its heap before every repetition, outside the
 * timing and outside the memstat window, so every repetition starts from
 * the same state: no page shared, all writable.
 *
 * usage: bfork none|write REPS KIB... */
#include "bench.h"

#define PHASES 3
static const char *phase_name[PHASES] = { "total", "call", "rest" };

/* Runs one repetition; fills ticks[PHASES] and *d. Returns -1 if fork failed. */
static int one_rep(char *heap, unsigned long bytes, int child_writes, long round,
                   unsigned long ticks[PHASES], struct bench_delta *d)
{
  struct memstat before, after;
  bench_touch(heap, bytes, round);
  memstat(&before);
  bench_prof_begin();
  unsigned long t0 = rdtime();
  int pid = fork();
  if (pid == 0) {
    if (child_writes)
      bench_touch(heap, bytes, -round);
    exit(0);
  }
  unsigned long t1 = rdtime();
  if (pid < 0)
    return -1;
  int status = -1;
  if (wait(&status) != pid || status != 0)
    printf("# bfork: child %d: wait status %d\n", pid, status);
  unsigned long t2 = rdtime();
  bench_prof_end();
  memstat(&after);
  bench_diff(&before, &after, d);
  ticks[0] = t2 - t0;
  ticks[1] = t1 - t0;
  ticks[2] = t2 - t1;
  return 0;
}

/* All repetitions at one heap size; prints a BENCH line per phase. */
static void run_size(const char *mode, int child_writes, long kib, int reps)
{
  char name[32];
  unsigned long bytes = (unsigned long)kib * 1024;
  char *heap = bench_heap_resize(bytes);
  if (!heap) {
    snprintf(name, sizeof(name), "fork_%s.total", mode);
    printf("# bfork: sbrk(%ld KiB) failed\n", kib);
    bench_value(name, "error_sbrk_kib", kib);
    return;
  }
  struct bench_series s[PHASES] = { 0 };
  for (int r = 0; r < reps; r++) {
    unsigned long ticks[PHASES];
    struct bench_delta d;
    if (one_rep(heap, bytes, child_writes, r + 1, ticks, &d) < 0) {
      snprintf(name, sizeof(name), "fork_%s.total", mode);
      printf("# bfork: fork with a %ld KiB heap failed\n", kib);
      bench_value(name, "error_fork_kib", kib);
      return;
    }
    for (int p = 0; p < PHASES; p++)
      bench_add(&s[p], ticks[p], &d);
  }
  for (int p = 0; p < PHASES; p++) {
    snprintf(name, sizeof(name), "fork_%s.%s", mode, phase_name[p]);
    bench_report(name, kib, 1, &s[p]);
  }
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc < 4 || (strcmp(argv[1], "none") != 0 && strcmp(argv[1], "write") != 0)) {
    fprintf(2, "usage: bfork none|write REPS KIB...\n");
    return 2;
  }
  int child_writes = strcmp(argv[1], "write") == 0;
  int reps = bench_reps(argv[2]);
  for (int i = 3; i < argc; i++)
    run_size(argv[1], child_writes, bench_arg(argv[i], "heap KiB"), reps);
  bench_heap_resize(0);
  return 0;
}
