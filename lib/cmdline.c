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
