/* bsyscall: the two cheapest ways into the kernel (issue 5, item 5).
 *
 *   syscall.getpid   N calls of getpid(): a system-call round trip from C
 *                    (call, stub, ecall, trap entry, dispatch, trap exit,
 *                    ret), per call. The loop adds ~3 instructions a call;
 *   syscall.loop     the same loop calling an empty function instead, to
 *                    show how much of the figure is the loop itself;
 *   dzero.first      first write to each of N pages from sbrklazy(): a
 *                    demand-zero page fault (trap, allocate, zero 4 KiB,
 *                    map, return), per page;
 *   dzero.private    a second write to each page (no fault), per page;
 *   dzero.zero4k     zeroing a 4 KiB page in user mode with the kernel's
 *                    loop (8-byte stores, unrolled by 8): the zeroing
 *                    itself, so fault overhead = first - private - zero4k.
 * The lazy pages are given back after each repetition. CALLS or PAGES 0
 * skips that half (tools/bench-profile profiles one at a time).
 *
 * usage: bsyscall REPS CALLS PAGES */
#include "bench.h"

static char scratch[BENCH_PAGE] __attribute__((aligned(BENCH_PAGE)));

/* Not inlined, so the loop calls it just as it calls getpid(). */
__attribute__((noinline)) static int empty(void)
{
  __asm__ volatile("");
  return 0;
}

static unsigned long time_getpid(long calls)
{
  bench_prof_begin();
  unsigned long t0 = rdtime();
  for (long i = 0; i < calls; i++)
    getpid();
  unsigned long t1 = rdtime();
  bench_prof_end();
  return t1 - t0;
}

static unsigned long time_empty(long calls)
{
  unsigned long t0 = rdtime();
  for (long i = 0; i < calls; i++)
    empty();
  return rdtime() - t0;
}

static unsigned long time_zeroing(long pages)
{
  unsigned long t0 = rdtime();
  for (long i = 0; i < pages; i++)
    bench_page_zero(scratch);
  return rdtime() - t0;
}

static void bench_calls(int reps, long calls)
{
  struct bench_series sys = { 0 }, loop = { 0 };
  for (int r = 0; r < reps; r++) {
    struct memstat a, b;
    struct bench_delta d;
    memstat(&a);
    unsigned long t = time_getpid(calls);
    memstat(&b);
    bench_diff(&a, &b, &d);
    bench_add(&sys, t, &d);
    bench_add(&loop, time_empty(calls), &d);
  }
  bench_report("syscall.getpid", calls, calls, &sys);
  bench_report("syscall.loop", calls, calls, &loop);
}

/* One repetition of the demand-zero figures; -1 if sbrklazy failed. */
static int dzero_rep(long pages, long round, struct bench_series *first,
                     struct bench_series *priv)
{
  unsigned long bytes = (unsigned long)pages * BENCH_PAGE;
  char *p = sbrklazy((int)bytes);
  if (p == SBRK_ERROR)
    return -1;
  struct memstat a, b;
  struct bench_delta d, none = { 0 };
  memstat(&a);
  bench_prof_begin();
  unsigned long t0 = rdtime();
  bench_touch(p, bytes, round);
  unsigned long t1 = rdtime();
  bench_prof_end();
  unsigned long t2 = rdtime();
  bench_touch(p, bytes, round + 1);
  unsigned long t3 = rdtime();
  memstat(&b);
  bench_diff(&a, &b, &d);
  bench_add(first, t1 - t0, &d);
  bench_add(priv, t3 - t2, &none);
  sbrk(-(int)bytes);
  return 0;
}

static void bench_dzero(int reps, long pages)
{
  struct bench_series first = { 0 }, priv = { 0 }, zero = { 0 };
  struct bench_delta none = { 0 };
  scratch[0] = 1;
  for (int r = 0; r < reps; r++) {
    if (dzero_rep(pages, r + 1, &first, &priv) < 0) {
      printf("# bsyscall: sbrklazy of %ld pages failed\n", pages);
      return;
    }
    bench_add(&zero, time_zeroing(pages), &none);
  }
  bench_report("dzero.first", pages, pages, &first);
  bench_report("dzero.private", pages, pages, &priv);
  bench_report("dzero.zero4k", pages, pages, &zero);
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 4) {
    fprintf(2, "usage: bsyscall REPS CALLS PAGES\n");
    return 2;
  }
  int reps = bench_reps(argv[1]);
  long calls = bench_arg(argv[2], "calls"), pages = bench_arg(argv[3], "pages");
  if (calls > 0)
    bench_calls(reps, calls);
  if (pages > 0)
    bench_dzero(reps, pages);
  return 0;
}
