/* Console output: the UART once it is known, SBI's console before that.
 * One lock serializes whole printf() calls across harts. */
#ifndef LIB_CONSOLE_H
#define LIB_CONSOLE_H

void console_lock(void);
void console_unlock(void);
/* Call between console_lock() and console_unlock(). '\n' becomes "\r\n". */
void console_putc_locked(char c);
/* After a panic: stop taking the lock, so a hart that died holding it
 * cannot silence the panic message. */
void console_force_unlocked(void);

#endif
