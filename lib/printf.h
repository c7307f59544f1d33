/* Formatted output: %d %i %u %x %X %p %s %c %% with l/ll/z modifiers,
 * field width and '0'/'-' flags. printf() output from one call is never
 * interleaved with another hart's. */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include "lib/types.h"

typedef void (*emit_fn)(void *ctx, char c);

/* The formatter itself: every character goes through emit(ctx, c). */
void format(emit_fn emit, void *ctx, const char *fmt, va_list ap);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
/* Returns the length the full output would have (like C99). */
int snprintf(char *buf, size_t size, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
