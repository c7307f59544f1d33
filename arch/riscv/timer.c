/* Timer: one supervisor timer interrupt per hart, armed in one of two ways
 * behind the same interface:
 *   - Sstc: write stimecmp directly from S-mode (QEMU virt);
 *   - SBI TIME set_timer: the firmware programs the machine timer and
 *     raises the supervisor timer interrupt; the next set_timer clears it
 *     (sifive_u's U54, the U74 of the VisionFive 2 and Unmatched boards).
 * Which one a hart uses comes from the device tree (fdt_harts.c). Each hart
 * keeps the deadline it last armed, so cpu_idle_wait() can tell whether one
 * is already near without reading stimecmp (SBI has no way to read it back).
 * Time is read from the time CSR, so there is no tick counter to keep
 * consistent across harts. */
#include "arch/riscv/timer.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/sbi.h"

#define IDLE_POLL_DIVISOR 2000 /* cpu_idle_wait() sleeps at most 0.5 ms */

/* Touched only by its own hart, with interrupts off. */
struct hart_timer {
  uint64_t deadline;   /* the time the timer interrupt is armed for */
  bool sstc;
};

static uint64_t timebase_hz = 10000000;
static uint64_t tick_interval;
static struct hart_timer hart_timers[NCPU];

static struct hart_timer *this_timer(void)
{
  return &hart_timers[this_cpu()->id];
}

/* Arm this hart's timer interrupt for `when`. Interrupts are held off so
 * that a tick cannot come between the record and the hardware write and
 * leave them disagreeing. */
static void set_deadline(uint64_t when)
{
  uint64_t was = csr_read(sstatus) & SSTATUS_SIE;
  intr_off();
  struct hart_timer *t = this_timer();
  t->deadline = when;
  if (t->sstc)
    __asm__ volatile("csrw %0, %1" :: "i"(CSR_STIMECMP), "r"(when));
  else
    sbi_set_timer(when);
  csr_set(sstatus, was);
}

void timer_init(uint64_t hz)
{
  if (hz)
    timebase_hz = hz;
  tick_interval = timebase_hz / TICK_HZ;
}

void timer_init_hart(bool sstc)
{
  this_timer()->sstc = sstc;
  set_deadline(read_time() + tick_interval);
  csr_set(sie, SIE_STIE);
}

void timer_handle_tick(void)
{
  set_deadline(read_time() + tick_interval);
}

void timer_stop_hart(void)
{
  set_deadline(UINT64_MAX); /* never: how SBI and Sstc both say "no timer" */
}

void timer_restart_hart(void)
{
  set_deadline(read_time() + tick_interval);
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
 * With interrupts off, a past-due deadline would keep wfi from sleeping
 * (the interrupt stays pending), so it is re-armed too; the tick handler
 * restores the normal period. */
void cpu_idle_wait(void)
{
  uint64_t now = read_time();
  uint64_t soon = now + timebase_hz / IDLE_POLL_DIVISOR;
  uint64_t next = this_timer()->deadline;
  if (next > soon || next <= now)
    set_deadline(soon);
  wfi();
}
