/* Per-hart timer (Sstc stimecmp or SBI set_timer) and time keeping. */
#ifndef ARCH_RISCV_TIMER_H
#define ARCH_RISCV_TIMER_H

#include "lib/types.h"

#define TICK_HZ 100 /* scheduler ticks per second; the unit of sleep()/uptime() */

void timer_init(uint64_t timebase_hz);
/* Arm this hart's periodic tick and enable timer interrupts. sstc: the
 * hart has Sstc (the device tree says so); otherwise SBI set_timer is used. */
void timer_init_hart(bool sstc);
/* Called on a timer interrupt: arms the next tick. */
void timer_handle_tick(void);
/* A hart with nothing to run may stop its tick (an IPI wakes it when work
 * comes) and restart it when it runs again; the boot hart keeps ticking,
 * for the processes that sleep for a time. */
void timer_stop_hart(void);
void timer_restart_hart(void);
/* Ticks since boot, from the time CSR (the same on every hart). */
uint64_t timer_ticks(void);
uint64_t timer_timebase_hz(void);

#endif
