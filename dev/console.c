/* The console device: line-edited input from the UART for read(), and
 * write() to the UART.
 *
 * Input arrives one byte at a time from the UART interrupt (dev/plic.c ->
 * console_dev_input) into a ring buffer with three positions:
 *   r  next byte a reader takes;
 *   w  end of the committed input (whole lines, or a line ended by ^D);
 *   e  end of the line being edited, which readers do not see yet.
 * r <= w <= e, as free-running counters; bytes live at buf[i % INPUT_SIZE].
 *
 * Locking: input.lock guards the ring. It is a condition lock (readers
 * proc_sleep() with it), taken before proc locks (proc/proc.h), and before
 * the console output lock (lib/output.h) when echoing; nothing that holds
 * the output lock takes it. User memory is copied only with no lock held,
 * through a bounce buffer (see fs/pipe.c for why). */
#include "dev/console.h"
#include "proc/sched.h"
#include "dev/uart.h"
#include "mm/uaccess.h"
#include "lib/output.h"
#include "lib/errno.h"
#include "lib/spinlock.h"

#define INPUT_SIZE    128   /* the longest line a reader can get */
#define WRITE_CHUNK   256   /* one user printf() buffer: printed unbroken */

#define CTRL(c)   ((c) - '@')
#define KEY_EOF   CTRL('D')
#define KEY_KILL  CTRL('U')
#define KEY_DUMP  CTRL('P')
#define KEY_BS    CTRL('H')
#define KEY_DEL   0x7f

static struct {
  struct spinlock lock;
  /* lock: */
  char buf[INPUT_SIZE];
  uint64_t r, w, e;
} input = { .lock = SPINLOCK_INIT("console input") };

void console_dev_init(void)
{
  uart_enable_rx_interrupt();
}

/* Echo `s` to the terminal (input.lock held). */
static void echo(const char *s)
{
  console_lock();
  for (; *s; s++)
    console_putc_locked(*s);
  console_unlock();
}

/* Erases the last edited character on screen and in the buffer. */
static void erase_one(void)
{
  input.e--;
  echo("\b \b");
}

/* Makes everything typed so far visible to readers. */
static void commit(void)
{
  input.w = input.e;
  proc_wakeup(&input.r);
}

/* ^D: at the start of a line it is stored and reads as end of file;
 * after some text it just ends the line (the text is read without a
 * newline). Nothing marks that end in the buffer, so if more is typed
 * before a reader comes, one read may return both pieces. */
static void end_of_input(void)
{
  if (input.e == input.w && input.e - input.r < INPUT_SIZE)
    input.buf[input.e++ % INPUT_SIZE] = KEY_EOF;
  commit();
}

/* An ordinary character: stored and echoed; a newline, or a full buffer,
 * commits the line. Characters that do not fit are dropped. */
static void type_char(char c)
{
  if (c == '\r')
    c = '\n';
  if (input.e - input.r >= INPUT_SIZE)
    return;
  char s[2] = { c, 0 };
  echo(s);
  input.buf[input.e++ % INPUT_SIZE] = c;
  if (c == '\n' || input.e - input.r == INPUT_SIZE)
    commit();
}

/* One received byte, from the UART interrupt handler. */
void console_dev_input(int c)
{
  bool dump = false;
  spin_lock(&input.lock);
  switch (c) {
  case KEY_DUMP:
    dump = true;
    break;
  case KEY_KILL:
    while (input.e != input.w)
      erase_one();
    break;
  case KEY_BS:
  case KEY_DEL:
    if (input.e != input.w)
      erase_one();
    break;
  case KEY_EOF:
    end_of_input();
    break;
  default:
    if (c > 0)
      type_char((char)c);
    break;
  }
  spin_unlock(&input.lock);
  /* Outside the lock: proc_dump() takes every proc lock and prints. */
  if (dump)
    proc_dump();
}

/* Takes at most one line (up to n bytes) out of the committed input into
 * out (input.lock held, input available). Returns the bytes taken; 0 means
 * the reader met ^D at the start of a line (consumed). */
static size_t take_line(char *out, size_t n)
{
  if (input.buf[input.r % INPUT_SIZE] == KEY_EOF) {
    input.r++;
    return 0;
  }
  size_t m = 0;
  while (m < n && input.r != input.w) {
    char c = input.buf[input.r % INPUT_SIZE];
    if (c == KEY_EOF)
      break;            /* the next read returns 0 */
    out[m++] = c;
    input.r++;
    if (c == '\n')
      break;
  }
  return m;
}

int64_t console_dev_read(struct vm_space *vm, vaddr_t uva, size_t n)
{
  char line[INPUT_SIZE];
  n = MIN(n, sizeof(line));
  if (n == 0)
    return 0;
  /* The copyout after taking input must not fail and lose a typed line. */
  int err = copyout_prepare(vm, uva, n);
  if (err < 0)
    return err;
  spin_lock(&input.lock);
  while (input.r == input.w) {
    if (proc_self_killed()) {
      spin_unlock(&input.lock);
      return -EINTR;
    }
    proc_sleep(&input.r, &input.lock);
  }
  size_t m = take_line(line, n);
  spin_unlock(&input.lock);
  if (m > 0 && copyout(vm, uva, line, m) < 0)
    return -EFAULT;     /* prefaulted: not expected */
  return (int64_t)m;
}

/* Each chunk is printed under the console lock, so a user printf() (one
 * write of up to WRITE_CHUNK bytes) never interleaves with kernel output.
 * Returns n, or the bytes written before a bad address (-EFAULT if none). */
int64_t console_dev_write(struct vm_space *vm, vaddr_t uva, size_t n)
{
  char buf[WRITE_CHUNK];
  size_t done = 0;
  while (done < n) {
    size_t m = MIN(n - done, sizeof(buf));
    if (copyin(vm, buf, uva + done, m) < 0)
      return done > 0 ? (int64_t)done : -EFAULT;
    console_lock();
    for (size_t i = 0; i < m; i++)
      console_putc_locked(buf[i]);
    console_unlock();
    done += m;
  }
  return (int64_t)done;
}
