/* Kernel bugs end here. panic() is for broken kernel invariants only; never
 * for something a user program did. */
#ifndef LIB_PANIC_H
#define LIB_PANIC_H

#include "lib/types.h"

/* Stops every hart, prints the message and a backtrace, and exits QEMU with
 * POWER_STATUS_PANIC. Convention: messages start with the function name. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Print the call chain from frame pointer `fp` (frame pointers are kept). */
void backtrace_from(uint64_t fp);
void backtrace(void);

#define ASSERT(cond)                                                      \
  do {                                                                    \
    if (!(cond))                                                          \
      panic("%s: assertion '%s' failed at %s:%d", __func__, #cond,        \
            __FILE__, __LINE__);                                          \
  } while (0)

#endif
