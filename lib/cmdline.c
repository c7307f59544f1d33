/* Command-line parsing, done once at boot into a word array. */
#include "lib/cmdline.h"
#include "lib/string.h"
#include "lib/printf.h"

static char raw[256];
static char storage[256];
static const char *words[CMDLINE_MAX_WORDS + 1];
static int word_count;

void cmdline_init(const char *bootargs)
{
  strlcpy(raw, bootargs, sizeof(raw));
  strlcpy(storage, bootargs, sizeof(storage));
  word_count = 0;
  for (char *p = storage; *p && word_count < CMDLINE_MAX_WORDS;) {
    while (*p == ' ' || *p == '\t')
      *p++ = 0;
    if (!*p)
      break;
    words[word_count++] = p;
    while (*p && *p != ' ' && *p != '\t')
      p++;
  }
  words[word_count] = NULL;
}

const char *cmdline_raw(void)
{
  return raw;
}

/* Index of the word "key" or "key=...", or -1. */
static int find(const char *key)
{
  size_t len = strlen(key);
  for (int i = 0; i < word_count; i++)
    if (strncmp(words[i], key, len) == 0 && (words[i][len] == 0 || words[i][len] == '='))
      return i;
  return -1;
}

bool cmdline_has(const char *flag)
{
  return find(flag) >= 0;
}

const char *cmdline_value(const char *key)
{
  int i = find(key);
  if (i < 0)
    return NULL;
  const char *eq = strchr(words[i], '=');
  return eq ? eq + 1 : NULL;
}

uint64_t cmdline_number(const char *key, uint64_t fallback)
{
  const char *v = cmdline_value(key);
  if (!v || !*v)
    return fallback;
  uint64_t n = 0;
  for (; *v; v++) {
    if (*v < '0' || *v > '9')
      return fallback;
    n = n * 10 + (uint64_t)(*v - '0');
  }
  return n;
}

/* The table entry whose name is the part of `word` before any '=', or NULL. */
static const struct cmdline_word *entry_for(const struct cmdline_word *table, int n,
                                            const char *word)
{
  const char *eq = strchr(word, '=');
  size_t len = eq ? (size_t)(eq - word) : strlen(word);
  for (int i = 0; i < n; i++)
    if (strlen(table[i].name) == len && strncmp(table[i].name, word, len) == 0)
      return &table[i];
  return NULL;
}

/* Is v a positive decimal number (that fits 18 digits, so no overflow)? */
static bool is_positive_number(const char *v)
{
  size_t len = strlen(v);
  if (len == 0 || len > 18 || (len == 1 && v[0] == '0'))
    return false;
  uint64_t n = 0;
  for (; *v; v++) {
    if (*v < '0' || *v > '9')
      return false;
    n = n * 10 + (uint64_t)(*v - '0');
  }
  return n > 0;
}

/* Is v exactly one of the '|'-separated `choices`? */
static bool is_choice(const char *v, const char *choices)
{
  size_t len = strlen(v);
  for (const char *c = choices; *c;) {
    const char *bar = strchr(c, '|');
    size_t clen = bar ? (size_t)(bar - c) : strlen(c);
    if (clen == len && strncmp(c, v, len) == 0)
      return true;
    c += clen + (bar ? 1 : 0);
  }
  return false;
}

/* Does `word` have the shape its entry asks for? */
static bool well_formed(const struct cmdline_word *e, const char *word)
{
  const char *eq = strchr(word, '=');
  const char *v = eq ? eq + 1 : NULL;
  switch (e->kind) {
  case CMDLINE_FLAG: return !v;
  case CMDLINE_FLAG_VALUE: return true;
  case CMDLINE_NUMBER: return v && is_positive_number(v);
  case CMDLINE_CHOICE: return v && is_choice(v, e->choices);
  case CMDLINE_REST: return v && *v;
  }
  return false;
}

const char *cmdline_check(const struct cmdline_word *table, int n, bool *unknown)
{
  for (int i = 0; i < word_count; i++) {
    const struct cmdline_word *e = entry_for(table, n, words[i]);
    *unknown = !e;
    if (!e || !well_formed(e, words[i]))
      return words[i];
    if (e->kind == CMDLINE_REST)
      break;
  }
  return NULL;
}

const char *const *cmdline_words_after(const char *key, int *count)
{
  int i = find(key);
  if (i < 0) {
    *count = 0;
    return &words[word_count];
  }
  *count = word_count - i - 1;
  return &words[i + 1];
}
