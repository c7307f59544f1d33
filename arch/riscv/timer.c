/* Timer: Sstc's stimecmp, written directly from S-mode. Time is read from
 * the time CSR, so there is no tick counter to keep consistent across harts. */
#include "arch/riscv/timer.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"

#define IDLE_POLL_DIVISOR 2000 /* cpu_idle_wait() sleeps at most 0.5 ms */

static uint64_t timebase_hz = 10000000;
static uint64_t tick_interval;

static void set_stimecmp(uint64_t when)
{
  __asm__ volatile("csrw %0, %1" :: "i"(CSR_STIMECMP), "r"(when));
}

static uint64_t get_stimecmp(void)
{
  uint64_t v;
  __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(CSR_STIMECMP));
  return v;
}

void timer_init(uint64_t hz)
{
  if (hz)
    timebase_hz = hz;
  tick_interval = timebase_hz / TICK_HZ;
}

void timer_init_hart(void)
{
  set_stimecmp(read_time() + tick_interval);
  csr_set(sie, SIE_STIE);
}

void timer_handle_tick(void)
{
  set_stimecmp(read_time() + tick_interval);
}

uint64_t timer_ticks(void)
{
  return read_time() / tick_interval;
}

uint64_t timer_timebase_hz(void)
{
  return timebase_hz;
}

/* Pull the next timer interrupt in to "soon" (never push it out), then wait.
 * With interrupts off, a past-due stimecmp would keep wfi from sleeping, so
 * it is re-armed too; the tick handler restores the normal period. */
void cpu_idle_wait(void)
{
  uint64_t now = read_time();
  uint64_t soon = now + timebase_hz / IDLE_POLL_DIVISOR;
  uint64_t next = get_stimecmp();
  if (next > soon || next <= now)
    set_stimecmp(soon);
  wfi();
}
