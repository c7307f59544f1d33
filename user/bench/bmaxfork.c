/* bmaxfork: the largest heap with which fork still works (issue 5, item 6).
 *
 * With COW a fork needs only page tables for the child, so a process can
 * fork with a heap of nearly all of RAM; with cow=off the child needs a
 * copy of every page, so the heap can be at most about half of RAM.
 *
 * Each probe runs in a fresh prober process (a child of this one): it
 * grows its heap to SIZE with sbrk(), writes every page, forks a child
 * that exits at once, and waits for it. The prober exits 0 on success, 2
 * if sbrk failed, 3 if fork failed; if it is killed (e.g. out of memory on
 * its first write to its own stack after the fork) it reports -1. Running
 * probes in a child keeps this process - pid 1 - safe from all of that.
 *
 * The search doubles SIZE from GRANULE KiB until a probe fails, then
 * bisects down to GRANULE KiB. The result is the largest SIZE that
 * succeeded; the line also gives why the smallest failing size failed
 * (fail_kib=0: every probe up to 1 GiB worked).
 *
 * usage: bmaxfork GRANULE_KIB */
#include "bench.h"

#define PROBE_OK         0
#define PROBE_SBRK_FAIL  2
#define PROBE_FORK_FAIL  3
#define MAX_PROBE_KIB    (1L << 20)  /* 1 GiB: sbrk() takes an int */

/* In the prober: the probe itself. Does not return. */
static void probe_body(unsigned long bytes)
{
  char *heap = bench_heap_resize(bytes);
  if (!heap)
    exit(PROBE_SBRK_FAIL);
  bench_touch(heap, bytes, 1);
  int pid = fork();
  if (pid == 0)
    exit(0);
  if (pid < 0)
    exit(PROBE_FORK_FAIL);
  int status = -1;
  wait(&status);
  exit(status == 0 ? PROBE_OK : PROBE_FORK_FAIL);
}

/* Runs one probe in a new process; returns its exit status. */
static int probe(long kib)
{
  int pid = fork();
  if (pid == 0)
    probe_body((unsigned long)kib * 1024);
  if (pid < 0)
    return PROBE_FORK_FAIL;
  int status = -1;
  wait(&status);
  printf("# bmaxfork: %ld KiB: %s\n", kib,
         status == PROBE_OK ? "ok" :
         status == PROBE_SBRK_FAIL ? "sbrk failed" :
         status == PROBE_FORK_FAIL ? "fork failed" : "prober killed");
  return status;
}

int main(int argc, char *argv[])
{
  bench_setup();
  long granule = bench_arg(argc > 1 ? argv[1] : "256", "granule KiB");
  if (granule < 4)
    granule = 4;
  struct memstat st;
  memstat(&st);
  long ok = 0, bad = granule, why = PROBE_OK;
  while ((why = probe(bad)) == PROBE_OK) {
    ok = bad;
    if (bad >= MAX_PROBE_KIB) {
      bad = 0;      /* never failed: no upper bound found */
      break;
    }
    bad *= 2;
  }
  while (bad > 0 && bad - ok > granule) {
    long mid = ok + (bad - ok) / 2 / granule * granule;
    int r = probe(mid);
    if (r == PROBE_OK) {
      ok = mid;
    } else {
      bad = mid;
      why = r;
    }
  }
  printf("BENCH name=maxfork kib=%ld fail_kib=%ld fail_status=%ld "
         "frames_total=%lu frames_free=%lu fork_cow=%lu granule_kib=%ld\n",
         ok, bad, why, st.frames_total, st.frames_free, st.fork_cow, granule);
  return 0;
}
