/* Shared helpers for the benchmark programs; contracts in bench.h. */
#include "bench.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"

void bench_setup(void)
{
  struct stat st;
  if (fstat(1, &st) == 0)
    return;
  int fd = open("console", O_RDWR);
  while (fd >= 0 && fd < 2)
    fd = dup(fd);
  if (fd > 2)
    close(fd);
}

long bench_arg(const char *s, const char *what)
{
  long v = 0;
  if (!s || !*s)
    goto bad;
  for (const char *c = s; *c; c++) {
    if (*c < '0' || *c > '9')
      goto bad;
    v = v * 10 + (*c - '0');
  }
  return v;
bad:
  fprintf(2, "bench: %s: not a number: '%s'\n", what, s ? s : "");
  exit(2);
}

int bench_reps(const char *s)
{
  long r = bench_arg(s, "repetitions");
  if (r < 1)
    r = 1;
  return r > BENCH_MAX_REPS ? BENCH_MAX_REPS : (int)r;
}

void bench_diff(const struct memstat *before, const struct memstat *after,
                struct bench_delta *d)
{
  d->cow_faults = after->cow_faults - before->cow_faults;
  d->cow_copies = after->cow_copies - before->cow_copies;
  d->cow_reuses = after->cow_reuses - before->cow_reuses;
  d->fork_shared = after->fork_shared - before->fork_shared;
  d->fork_copied = after->fork_copied - before->fork_copied;
  d->pt_frames = (long)after->pt_frames - (long)before->pt_frames;
  d->tables_shared = after->tables_shared - before->tables_shared;
  d->tables_unshared = after->tables_unshared - before->tables_unshared;
}

void bench_add(struct bench_series *s, unsigned long ticks,
               const struct bench_delta *d)
{
  if (s->n >= BENCH_MAX_REPS)
    return;
  s->ticks[s->n] = ticks;
  s->delta[s->n] = *d;
  s->n++;
}

/* Median of v[0..n) (the lower middle one for even n); sorts a copy. */
static long median(const long *v, int n)
{
  long a[BENCH_MAX_REPS] = { 0 };
  for (int i = 0; i < n; i++) {
    int j = i;
    for (; j > 0 && a[j - 1] > v[i]; j--)
      a[j] = a[j - 1];
    a[j] = v[i];
  }
  return n ? a[(n - 1) / 2] : 0;
}

/* Median over the repetitions of counter number `index` of bench_delta
 * (a struct of longs, so it can be indexed as an array). */
static long delta_median(const struct bench_series *s, int index)
{
  long v[BENCH_MAX_REPS] = { 0 };
  for (int i = 0; i < s->n; i++)
    v[i] = ((const long *)&s->delta[i])[index];
  return median(v, s->n);
}

static void ticks_range(const struct bench_series *s, long *med, long *min,
                        long *max)
{
  long v[BENCH_MAX_REPS] = { 0 };
  *min = *max = s->n ? (long)s->ticks[0] : 0;
  for (int i = 0; i < s->n; i++) {
    v[i] = (long)s->ticks[i];
    if (v[i] < *min)
      *min = v[i];
    if (v[i] > *max)
      *max = v[i];
  }
  *med = median(v, s->n);
}

void bench_report(const char *name, long x, long ops,
                  const struct bench_series *s)
{
  long med, min, max;
  ticks_range(s, &med, &min, &max);
  /* Field order matches struct bench_delta. */
  printf("BENCH name=%s x=%ld ops=%ld reps=%d med=%ld min=%ld max=%ld "
         "cow_faults=%ld cow_copies=%ld cow_reuses=%ld fork_shared=%ld "
         "fork_copied=%ld pt_frames=%ld tables_shared=%ld tables_unshared=%ld\n",
         name, x, ops, s->n, med, min, max, delta_median(s, 0),
         delta_median(s, 1), delta_median(s, 2), delta_median(s, 3),
         delta_median(s, 4), delta_median(s, 5), delta_median(s, 6),
         delta_median(s, 7));
}

void bench_value(const char *name, const char *key, long value)
{
  printf("BENCH name=%s %s=%ld\n", name, key, value);
}

char *bench_heap_resize(unsigned long bytes)
{
  static char *base;
  static unsigned long size;
  if (!base)
    base = sbrk(0);
  long delta = (long)bytes - (long)size;
  if (delta > 0x7fffffffL || delta < -0x7fffffffL)
    return 0;                     /* sbrk() takes an int */
  if (delta != 0 && sbrk((int)delta) == SBRK_ERROR)
    return 0;
  size = bytes;
  return base;
}

void bench_touch(char *p, unsigned long bytes, long value)
{
  for (unsigned long off = 0; off < bytes; off += BENCH_PAGE)
    *(volatile long *)(p + off) = value;
}

long bench_touch_stride(char *p, unsigned long bytes, unsigned long stride,
                        long value)
{
  long n = 0;
  for (unsigned long off = 0; off < bytes; off += stride, n++)
    *(volatile long *)(p + off) = value;
  return n;
}

void bench_page_copy(void *dst, const void *src)
{
  long *d = dst, *end = d + BENCH_PAGE / 8;
  const long *s = src;
  for (; d < end; d += 8, s += 8) {
    long a = s[0], b = s[1], c = s[2], e = s[3];
    long f = s[4], g = s[5], h = s[6], i = s[7];
    d[0] = a; d[1] = b; d[2] = c; d[3] = e;
    d[4] = f; d[5] = g; d[6] = h; d[7] = i;
  }
}

void bench_page_zero(void *dst)
{
  long *p = dst, *end = p + BENCH_PAGE / 8;
  for (; p < end; p += 8) {
    p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;
    p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
  }
}

__attribute__((noinline)) void bench_prof_begin(void)
{
  __asm__ volatile("");
}

__attribute__((noinline)) void bench_prof_end(void)
{
  __asm__ volatile("");
}
