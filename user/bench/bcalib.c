/* bcalib: checks what one tick of the `time` CSR is worth in instructions.
 *
 * Under QEMU -icount shift=0 every instruction advances guest time by 1 ns,
 * and `time` runs at 10 MHz (timebase-frequency), so one tick should be 100
 * instructions. This runs loops of exactly known length (2 instructions per
 * iteration, plus one) between two rdtime reads and reports the ticks; the
 * harness divides. Loop lengths are chosen so the longest one spans a timer
 * interrupt (the kernel ticks at 100 Hz = every 10^7 instructions), which
 * shows how much an interrupt adds.
 *
 * usage: bcalib REPS */
#include "bench.h"

/* Ticks taken by exactly 2 * n + 1 instructions (mv, then n addi/bnez). */
static unsigned long timed_loop(unsigned long n)
{
  unsigned long t0, t1;
  __asm__ volatile("rdtime %0\n\t"
                   "mv t0, %2\n"
                   "1:\taddi t0, t0, -1\n\t"
                   "bnez t0, 1b\n\t"
                   "rdtime %1"
                   : "=&r"(t0), "=&r"(t1)
                   : "r"(n)
                   : "t0");
  return t1 - t0;
}

static void calibrate(unsigned long n, int reps)
{
  struct bench_series s = { 0 };
  struct bench_delta none = { 0 };
  for (int r = 0; r < reps; r++) {
    bench_prof_begin();
    unsigned long ticks = timed_loop(n);
    bench_prof_end();
    bench_add(&s, ticks, &none);
  }
  bench_report("calib", (long)(2 * n + 1), 1, &s);
}

int main(int argc, char *argv[])
{
  bench_setup();
  int reps = bench_reps(argc > 1 ? argv[1] : "5");
  calibrate(5000, reps);
  calibrate(50000, reps);
  calibrate(500000, reps);
  calibrate(5000000, reps);
  return 0;
}
