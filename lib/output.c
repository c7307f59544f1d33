/* Kernel output: where printf and panic send characters. */
#include "lib/output.h"
#include "lib/spinlock.h"
#include "arch/riscv/sbi.h"

static struct spinlock output_spin = SPINLOCK_INIT("console");
static bool bypass_lock;
static void (*sink)(char c) = sbi_console_putchar; /* until a driver is up */

void output_set_sink(void (*putc)(char c))
{
  __atomic_store_n(&sink, putc, __ATOMIC_RELEASE);
}

void console_lock(void)
{
  if (!__atomic_load_n(&bypass_lock, __ATOMIC_ACQUIRE))
    spin_lock(&output_spin);
}

void console_unlock(void)
{
  if (!__atomic_load_n(&bypass_lock, __ATOMIC_ACQUIRE))
    spin_unlock(&output_spin);
}

void console_force_unlocked(void)
{
  __atomic_store_n(&bypass_lock, true, __ATOMIC_RELEASE);
}

void console_putc_locked(char c)
{
  void (*putc)(char) = __atomic_load_n(&sink, __ATOMIC_ACQUIRE);
  if (c == '\n')
    putc('\r');
  putc(c);
}
