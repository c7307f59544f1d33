/* Shared helpers for the benchmark programs (user/bench/, docs/performance.md).
 *
 * The programs use the xv6 user API plus two extensions: memstat() (kernel
 * memory counters) and rdtime() (the 10 MHz `time` CSR). Under QEMU's
 * `-icount shift=0` one tick of `time` is 100 instructions; bcalib checks it.
 * Integer arithmetic only: user programs have no FPU.
 *
 * Output protocol, read by tools/bench: one line per measured figure,
 *
 *   BENCH name=NAME x=X ops=OPS reps=R med=T min=T max=T cow_faults=N ...
 *
 * T are rdtime ticks for OPS operations (the harness divides), X is the
 * parameter the figure depends on (heap KiB, pages, ...), and the counters
 * are medians over the repetitions of the memstat deltas of one repetition.
 * Lines that do not start with "BENCH " are commentary. */
#ifndef BENCH_H
#define BENCH_H

#include "kernel/types.h"
#include "user/user.h"

#define BENCH_MAX_REPS 15
#define BENCH_PAGE 4096
#define BENCH_SPAN (2UL << 20)   /* what one Sv39 leaf page table maps */

/* Memory-counter deltas of one repetition (struct memstat fields). */
struct bench_delta {
  long cow_faults, cow_copies, cow_reuses, fork_shared, fork_copied, pt_frames;
  long tables_shared, tables_unshared;
};

/* The repetitions of one figure: ticks and counter deltas per repetition. */
struct bench_series {
  int n;
  unsigned long ticks[BENCH_MAX_REPS];
  struct bench_delta delta[BENCH_MAX_REPS];
};

/* Makes fds 0-2 the console if they are not open (we may be pid 1). */
void bench_setup(void);

/* Parses a decimal argument; exits with a usage message if it is not one. */
long bench_arg(const char *s, const char *what);

/* Repetitions from a string, clamped to 1..BENCH_MAX_REPS. */
int bench_reps(const char *s);

/* d = after - before, for the counters in struct bench_delta. */
void bench_diff(const struct memstat *before, const struct memstat *after,
                struct bench_delta *d);

/* Appends one repetition to s. */
void bench_add(struct bench_series *s, unsigned long ticks,
               const struct bench_delta *d);

/* Prints the BENCH line for s (medians of ticks and of each counter). */
void bench_report(const char *name, long x, long ops,
                  const struct bench_series *s);

/* Prints a BENCH line with one key=value (no timing), e.g. a size found. */
void bench_value(const char *name, const char *key, long value);

/* The heap: one region from the break at first use. bench_heap_resize()
 * grows or shrinks it to `bytes` with sbrk() and returns its start, or 0
 * if sbrk failed (the heap is left as it was). */
char *bench_heap_resize(unsigned long bytes);

/* Writes one word in every page of [p, p + bytes): makes each page dirty
 * (and, after a fork, takes a write fault on each COW page). */
void bench_touch(char *p, unsigned long bytes, long value);

/* The same, one word every `stride` bytes from p (stride BENCH_SPAN: one
 * word in each leaf page table's 2 MiB). Returns the number of words. */
long bench_touch_stride(char *p, unsigned long bytes, unsigned long stride,
                        long value);

/* Copies one 4 KiB page with 8-byte loads and stores, unrolled by 8, like
 * the kernel's page_copy(): a user-mode model of the copy itself. */
void bench_page_copy(void *dst, const void *src);

/* Zeroes one 4 KiB page with 8-byte stores, unrolled by 8 (page_zero()). */
void bench_page_zero(void *dst);

/* Empty, never-inlined marker calls around each timed window: they change
 * nothing, but tools/bench-profile finds their addresses in the ELF and
 * counts the instructions executed between a begin and the next end. */
void bench_prof_begin(void);
void bench_prof_end(void);

#endif
