/* The kernel command line (/chosen/bootargs): space-separated words, some
 * of the form key=value. "init=PROG ARGS..." takes every word after it. */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include "lib/types.h"

#define CMDLINE_MAX_WORDS 32

void cmdline_init(const char *bootargs);
const char *cmdline_raw(void);
/* True if the word `flag` (without '=') or "flag=..." is present. */
bool cmdline_has(const char *flag);
/* The value of "key=value", or NULL. */
const char *cmdline_value(const char *key);
/* The value of key=N as a number, or `fallback` if absent or malformed. */
uint64_t cmdline_number(const char *key, uint64_t fallback);
/* Words after the first "key=..." word (e.g. init's arguments); *count gets
 * how many. The array is NULL-terminated. */
const char *const *cmdline_words_after(const char *key, int *count);

#endif
