/* bcowfault: what one copy-on-write write fault costs, beyond copying the
 * 4 KiB page itself (issue 5, item 4).
 *
 * The parent dirties N heap pages and forks. The child then times, per
 * page (each figure is ticks for N operations):
 *   cowfault.first    first write to each page: a COW fault that copies
 *                     (the parent still maps every page);
 *   cowfault.private  a second write to each page, now private: the cost
 *                     of the store loop without any fault;
 *   cowfault.copy4k   a 4 KiB page copy done in user mode with the same
 *                     8-byte, unrolled-by-8 loop as the kernel's
 *                     page_copy(): the copy itself.
 * so fault overhead = first - private - copy4k. After the child has exited,
 * the parent's pages are still marked COW but it holds the only reference:
 *   cowfault.reuse    the parent's first write to each page: a COW fault
 *                     resolved by reuse (no copy), minus nothing: compare
 *                     with cowfault.private.
 * The child sends its three figures and its memstat deltas through a pipe.
 * With cow=off there is no fault at all: first = private (the baseline).
 *
 * usage: bcowfault REPS PAGES */
#include "bench.h"

/* What the child measures in one repetition. */
struct child_result {
  unsigned long first, private_, copy;
  struct bench_delta first_delta;
};

static char scratch[BENCH_PAGE] __attribute__((aligned(BENCH_PAGE)));

/* Copies every heap page into one scratch page; returns the ticks taken. */
static unsigned long time_copies(char *heap, long pages)
{
  unsigned long t0 = rdtime();
  for (long i = 0; i < pages; i++)
    bench_page_copy(scratch, heap + i * BENCH_PAGE);
  return rdtime() - t0;
}

/* The child's side: time the three passes, report through fd, exit. */
static void child(int fd, char *heap, long pages, long round)
{
  struct child_result res;
  struct memstat a, b;
  unsigned long bytes = (unsigned long)pages * BENCH_PAGE;
  /* Take the COW faults on the scratch page (in .bss) and on the stack now:
   * in the window only heap pages may fault. memstat() reads the counters
   * before it writes `a`, so the first call takes the stack's fault and the
   * second one reads counters that include it. */
  scratch[0] = 1;
  memstat(&a);
  memstat(&a);
  bench_prof_begin();
  unsigned long t0 = rdtime();
  bench_touch(heap, bytes, -round);
  unsigned long t1 = rdtime();
  bench_prof_end();
  memstat(&b);
  unsigned long t2 = rdtime();
  bench_touch(heap, bytes, round);
  unsigned long t3 = rdtime();
  res.first = t1 - t0;
  res.private_ = t3 - t2;
  res.copy = time_copies(heap, pages);
  bench_diff(&a, &b, &res.first_delta);
  write(fd, &res, sizeof(res));
  exit(0);
}

/* One repetition: fork, collect the child's figures, then time the
 * parent's reuse faults. Returns -1 on failure. */
static int one_rep(char *heap, long pages, long round, struct child_result *res,
                   unsigned long *reuse, struct bench_delta *reuse_delta)
{
  unsigned long bytes = (unsigned long)pages * BENCH_PAGE;
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  bench_touch(heap, bytes, round);
  int pid = fork();
  if (pid == 0) {
    close(fds[0]);
    child(fds[1], heap, pages, round);
  }
  close(fds[1]);
  int got = pid < 0 ? 0 : read(fds[0], res, sizeof(*res));
  close(fds[0]);
  int status = -1;
  if (pid > 0)
    wait(&status);
  if (got != sizeof(*res) || status != 0)
    return -1;
  struct memstat a, b;
  memstat(&a);
  unsigned long t0 = rdtime();
  bench_touch(heap, bytes, round + 1);
  *reuse = rdtime() - t0;
  memstat(&b);
  bench_diff(&a, &b, reuse_delta);
  return 0;
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 3) {
    fprintf(2, "usage: bcowfault REPS PAGES\n");
    return 2;
  }
  int reps = bench_reps(argv[1]);
  long pages = bench_arg(argv[2], "pages");
  char *heap = bench_heap_resize((unsigned long)pages * BENCH_PAGE);
  if (!heap || pages < 1) {
    printf("# bcowfault: sbrk of %ld pages failed\n", pages);
    return 1;
  }
  struct bench_series first = { 0 }, priv = { 0 }, copy = { 0 }, reuse = { 0 };
  struct bench_delta none = { 0 };
  for (int r = 0; r < reps; r++) {
    struct child_result res;
    unsigned long reuse_ticks;
    struct bench_delta reuse_delta;
    if (one_rep(heap, pages, 2 * r + 1, &res, &reuse_ticks, &reuse_delta) < 0) {
      printf("# bcowfault: repetition %d failed\n", r);
      return 1;
    }
    bench_add(&first, res.first, &res.first_delta);
    bench_add(&priv, res.private_, &none);
    bench_add(&copy, res.copy, &none);
    bench_add(&reuse, reuse_ticks, &reuse_delta);
  }
  bench_report("cowfault.first", pages, pages, &first);
  bench_report("cowfault.private", pages, pages, &priv);
  bench_report("cowfault.copy4k", pages, pages, &copy);
  bench_report("cowfault.reuse", pages, pages, &reuse);
  return 0;
}
