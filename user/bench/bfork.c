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
 * Mode `parent1` (issue 11): the child exits at once, but first the PARENT
 * writes one word in each 2 MiB of its heap, between fork and wait. On one
 * hart the child has not run yet, so every write finds its leaf table still
 * shared: under cow=table each one copies a table (512 entries, a reference
 * per mapped frame) and then the page; under cow=page it copies the page;
 * under cow=off it is a plain store. One more figure:
 *   NAME.unshare  those writes alone, per write (ops = writes, one per
 *               2 MiB: the per-2-MiB cost of unsharing);
 * and then .rest is t2 minus the end of the writes.
 *
 * wait() stores the status on the parent's stack, so the window includes the
 * parent's first write to its own (shared, after fork) stack page, as it
 * would in any program that checks its child's exit status.
 *
 * The parent re-dirties its heap before every repetition, outside the
 * timing and outside the memstat window, so every repetition starts from
 * the same state: no page shared, all writable.
 *
 * usage: bfork none|write|parent1 REPS KIB... */
#include "bench.h"

enum mode { CHILD_EXITS, CHILD_WRITES, PARENT_WRITES_1_PER_2MIB };
#define MODES 3
static const char *mode_name[MODES] = { "none", "write", "parent1" };

#define PHASES 4
static const char *phase_name[PHASES] = { "total", "call", "rest", "unshare" };

/* Runs one repetition; fills ticks[PHASES] and *d, and *writes with the
 * parent's writes (parent1). Returns -1 if fork failed. */
static int one_rep(char *heap, unsigned long bytes, enum mode mode, long round,
                   unsigned long ticks[PHASES], long *writes, struct bench_delta *d)
{
  struct memstat before, after;
  bench_touch(heap, bytes, round);
  memstat(&before);
  bench_prof_begin();
  unsigned long t0 = rdtime();
  int pid = fork();
  if (pid == 0) {
    if (mode == CHILD_WRITES)
      bench_touch(heap, bytes, -round);
    exit(0);
  }
  unsigned long t1 = rdtime(), t1w = t1;
  if (pid < 0)
    return -1;
  if (mode == PARENT_WRITES_1_PER_2MIB) {
    *writes = bench_touch_stride(heap, bytes, BENCH_SPAN, -round);
    t1w = rdtime();
  }
  int status = -1;
  if (wait(&status) != pid || status != 0)
    printf("# bfork: child %d: wait status %d\n", pid, status);
  unsigned long t2 = rdtime();
  bench_prof_end();
  memstat(&after);
  bench_diff(&before, &after, d);
  ticks[0] = t2 - t0;
  ticks[1] = t1 - t0;
  ticks[2] = t2 - t1w;
  ticks[3] = t1w - t1;
  return 0;
}

/* Says that the figures of one size could not be measured: `what` (sbrk
 * or fork) failed; key is the BENCH value's name (error_...). */
static void size_failed(enum mode mode, const char *what, const char *key, long kib)
{
  char name[32];
  snprintf(name, sizeof(name), "fork_%s.total", mode_name[mode]);
  printf("# bfork: %s with a %ld KiB heap failed\n", what, kib);
  bench_value(name, key, kib);
}

/* All repetitions at one heap size; prints a BENCH line per phase (the
 * .unshare phase only for parent1 and a heap to write in). */
static void run_size(enum mode mode, long kib, int reps)
{
  char name[32];
  unsigned long bytes = (unsigned long)kib * 1024;
  char *heap = bench_heap_resize(bytes);
  if (!heap) {
    size_failed(mode, "sbrk", "error_sbrk_kib", kib);
    return;
  }
  struct bench_series s[PHASES] = { 0 };
  long writes = 0;
  for (int r = 0; r < reps; r++) {
    unsigned long ticks[PHASES];
    struct bench_delta d;
    if (one_rep(heap, bytes, mode, r + 1, ticks, &writes, &d) < 0) {
      size_failed(mode, "fork", "error_fork_kib", kib);
      return;
    }
    for (int p = 0; p < PHASES; p++)
      bench_add(&s[p], ticks[p], &d);
  }
  int phases = mode == PARENT_WRITES_1_PER_2MIB && writes > 0 ? PHASES : PHASES - 1;
  for (int p = 0; p < phases; p++) {
    snprintf(name, sizeof(name), "fork_%s.%s", mode_name[mode], phase_name[p]);
    bench_report(name, kib, p == 3 ? writes : 1, &s[p]);
  }
}

int main(int argc, char *argv[])
{
  bench_setup();
  int mode = 0;
  while (argc >= 2 && mode < MODES && strcmp(argv[1], mode_name[mode]) != 0)
    mode++;
  if (argc < 4 || mode == MODES) {
    fprintf(2, "usage: bfork none|write|parent1 REPS KIB...\n");
    return 2;
  }
  int reps = bench_reps(argv[2]);
  for (int i = 3; i < argc; i++)
    run_size(mode, bench_arg(argv[i], "heap KiB"), reps);
  bench_heap_resize(0);
  return 0;
}
