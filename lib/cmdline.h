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

/* What a known word may look like (the caller's table says which words
 * exist: this module has no policy). */
enum cmdline_kind {
  CMDLINE_FLAG,        /* "name" alone */
  CMDLINE_FLAG_VALUE,  /* "name" or "name=ANYTHING" (may be empty) */
  CMDLINE_NUMBER,      /* "name=N", N a positive decimal number */
  CMDLINE_CHOICE,      /* "name=V", V one of `choices` ("on|off") */
  CMDLINE_REST,        /* "name=V", V not empty; every later word is V's
                          argument and is not checked */
};

struct cmdline_word {
  const char *name;
  enum cmdline_kind kind;
  const char *choices;  /* CMDLINE_CHOICE only: values separated by '|' */
};

/* Check every word against `table` (n entries).
 * => returns NULL if all are known and well formed;
 * => otherwise the first bad word, and *unknown says whether its name is
 *    not in the table (true) or its value is malformed (false). */
const char *cmdline_check(const struct cmdline_word *table, int n, bool *unknown);

#endif
