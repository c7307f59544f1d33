/* Console output path shared by printf and panic. */
#include "lib/console.h"
#include "lib/spinlock.h"
#include "arch/riscv/uart.h"
#include "arch/riscv/sbi.h"

static struct spinlock console_spin = SPINLOCK_INIT("console");
static bool bypass_lock;

void console_lock(void)
{
  if (!__atomic_load_n(&bypass_lock, __ATOMIC_ACQUIRE))
    spin_lock(&console_spin);
}

void console_unlock(void)
{
  if (!__atomic_load_n(&bypass_lock, __ATOMIC_ACQUIRE))
    spin_unlock(&console_spin);
}

void console_force_unlocked(void)
{
  __atomic_store_n(&bypass_lock, true, __ATOMIC_RELEASE);
}

static void raw_putc(char c)
{
  if (uart_ready())
    uart_putc(c);
  else
    sbi_console_putchar(c);
}

void console_putc_locked(char c)
{
  if (c == '\n')
    raw_putc('\r');
  raw_putc(c);
}
