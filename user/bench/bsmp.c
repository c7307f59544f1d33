/* bsmp: throughput of K processes working at once, for the SMP benchmark
 * (tools/bench-smp, docs/smp.md). Wall-clock: run without -icount.
 *
 * Each of WORKERS processes dirties its own 1 MiB heap, waits for the
 * start signal, then does ROUNDS rounds of
 *   fork   fork; the child exits at once; wait          (mode "fork")
 *   cow    fork; the child writes every heap page (256 COW faults,
 *          each a copy), exits; wait                    (mode "cow")
 * The window runs from the start signal to the last worker's exit, read
 * with rdtime inside the guest, so the boot is not in it. It prints
 *
 *   SMP mode=M workers=K rounds=R ticks=T hz=10000000 faults=F acquisitions=A contended=C
 *
 * with the memstat COW-fault delta and the lockstat sums over the window.
 *
 * usage: bsmp fork|cow WORKERS ROUNDS */
#include "bench.h"

#define HEAP_BYTES (1UL << 20)
#define MAX_WORKERS 16

/* A worker: dirty the heap, say ready, wait for go, do the rounds. */
static void worker(int cow, long rounds, int ready_fd, int go_fd)
{
  char *heap = bench_heap_resize(HEAP_BYTES);
  if (!heap)
    exit(2);
  bench_touch(heap, HEAP_BYTES, 1);
  char c = 'r';
  if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
    exit(3);
  for (long r = 0; r < rounds; r++) {
    int pid = fork();
    if (pid < 0)
      exit(4);
    if (pid == 0) {
      if (cow)
        bench_touch(heap, HEAP_BYTES, r);
      exit(0);
    }
    int status;
    if (wait(&status) != pid || status != 0)
      exit(5);
  }
  exit(0);
}

static struct lockstat_class before[LOCKSTAT_CLASSES], after[LOCKSTAT_CLASSES];

/* Sums of acquisitions and contended acquisitions over the classes. */
static void lock_totals(const struct lockstat_class *c, int n, unsigned long *acq,
                        unsigned long *cont)
{
  *acq = *cont = 0;
  for (int i = 0; i < n && i < LOCKSTAT_CLASSES; i++)
    *acq += c[i].acquisitions, *cont += c[i].contended;
}

/* Commentary: each class's acquisitions and contended ones in the window
 * (classes only ever get added, in the same order). */
static void print_classes(int n0, int n1)
{
  for (int i = 0; i < n1 && i < LOCKSTAT_CLASSES; i++) {
    unsigned long a = after[i].acquisitions - (i < n0 ? before[i].acquisitions : 0);
    unsigned long c = after[i].contended - (i < n0 ? before[i].contended : 0);
    if (a)
      printf("# lock %s acquisitions=%lu contended=%lu\n", after[i].name, a, c);
  }
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 4 || (strcmp(argv[1], "fork") != 0 && strcmp(argv[1], "cow") != 0)) {
    fprintf(2, "usage: bsmp fork|cow WORKERS ROUNDS\n");
    return 2;
  }
  int cow = strcmp(argv[1], "cow") == 0;
  long workers = bench_arg(argv[2], "workers"), rounds = bench_arg(argv[3], "rounds");
  if (workers < 1 || workers > MAX_WORKERS) {
    fprintf(2, "bsmp: 1 to %d workers\n", MAX_WORKERS);
    return 2;
  }
  int ready[2], go[2];
  if (pipe(ready) < 0 || pipe(go) < 0)
    return 1;
  for (long w = 0; w < workers; w++)
    if (fork() == 0)
      worker(cow, rounds, ready[1], go[0]);
  char c;
  for (long w = 0; w < workers; w++)
    if (read(ready[0], &c, 1) != 1)
      return 1;
  struct memstat m0, m1;
  unsigned long a0, c0, a1, c1;
  memstat(&m0);
  int n0 = lockstat(before, LOCKSTAT_CLASSES);
  unsigned long t0 = rdtime();
  for (long w = 0; w < workers; w++)
    write(go[1], "g", 1);
  int failed = 0;
  for (long w = 0; w < workers; w++) {
    int status;
    if (wait(&status) < 0 || status != 0)
      failed++;
  }
  unsigned long t1 = rdtime();
  memstat(&m1);
  int n1 = lockstat(after, LOCKSTAT_CLASSES);
  lock_totals(before, n0, &a0, &c0);
  lock_totals(after, n1, &a1, &c1);
  print_classes(n0, n1);
  if (failed) {
    printf("bsmp: %d workers failed\n", failed);
    return 1;
  }
  printf("SMP mode=%s workers=%ld rounds=%ld ticks=%lu hz=10000000 faults=%lu "
         "acquisitions=%lu contended=%lu\n", argv[1], workers, rounds, t1 - t0,
         m1.cow_faults - m0.cow_faults, a1 - a0, c1 - c0);
  return 0;
}
