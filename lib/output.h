/* Kernel output: the firmware's console (SBI) at first, the UART driver
 * once init/main.c has set it as the sink. One lock serializes whole
 * printf() calls across harts (it comes after every other lock: nothing is
 * taken while printing). */
#ifndef LIB_OUTPUT_H
#define LIB_OUTPUT_H

/* Send all later output to putc (which must not take locks or sleep). */
void output_set_sink(void (*putc)(char c));

void console_lock(void);
void console_unlock(void);
/* Call between console_lock() and console_unlock(). '\n' becomes "\r\n". */
void console_putc_locked(char c);
/* After a panic: stop taking the lock, so a hart that died holding it
 * cannot silence the panic message. */
void console_force_unlocked(void);

#endif
