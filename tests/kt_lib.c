/* Tests of lib/: formatting, strings, command-line parsing. */
#include "tests/ktest.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/cmdline.h"

static void expect_format(const char *want, const char *got, int line)
{
  if (strcmp(want, got) != 0)
    ktest_fail(__FILE__, line, "formatted '%s', wanted '%s'", got, want);
}

KTEST(lib_snprintf_formats)
{
  char buf[64];
  snprintf(buf, sizeof(buf), "%d %i %u %x %X", -42, 7, 3000000000u, 0xbeef, 0xbeef);
  expect_format("-42 7 3000000000 beef BEEF", buf, __LINE__);
  snprintf(buf, sizeof(buf), "%5d|%-5d|%05d|%05d", 42, 42, 42, -42);
  expect_format("   42|42   |00042|-0042", buf, __LINE__);
  snprintf(buf, sizeof(buf), "%lu %ld %lx", 18446744073709551615UL, -1L, 0xffffffffffUL);
  expect_format("18446744073709551615 -1 ffffffffff", buf, __LINE__);
  snprintf(buf, sizeof(buf), "%s|%6s|%-6s|%c|%%|%p", "ab", "ab", "ab", 'z', (void *)0x10);
  expect_format("ab|    ab|ab    |z|%|0x10", buf, __LINE__);
  KT_EXPECT_EQ(snprintf(buf, 4, "%s", "abcdef"), 6);
  expect_format("abc", buf, __LINE__);
}

KTEST(lib_string_functions)
{
  char a[32];
  KT_EXPECT_EQ(strlen(""), 0);
  KT_EXPECT_EQ(strlcpy(a, "hello", sizeof(a)), 5);
  KT_EXPECT(strcmp(a, "hello") == 0);
  KT_EXPECT(strcmp("a", "b") < 0 && strcmp("b", "a") > 0);
  KT_EXPECT(strncmp("abcx", "abcy", 3) == 0);
  KT_EXPECT(strchr(a, 'l') == a + 2);
  memmove(a + 1, a, 6);
  KT_EXPECT(memcmp(a, "hhello", 6) == 0);
  memset(a, 'x', 17);
  KT_EXPECT(a[0] == 'x' && a[16] == 'x');
}

KTEST(lib_page_copy_and_zero)
{
  static uint64_t src[PAGE_SIZE / 8] __attribute__((aligned(4096)));
  static uint64_t dst[PAGE_SIZE / 8] __attribute__((aligned(4096)));
  for (size_t i = 0; i < PAGE_SIZE / 8; i++)
    src[i] = i * 0x9e3779b97f4a7c15UL;
  page_copy(dst, src);
  KT_EXPECT(memcmp(dst, src, PAGE_SIZE) == 0);
  page_zero(dst);
  size_t nonzero = 0;
  for (size_t i = 0; i < PAGE_SIZE / 8; i++)
    nonzero += dst[i] != 0;
  KT_EXPECT_EQ(nonzero, 0);
}

KTEST(lib_cmdline_parsing)
{
  char saved[256];
  strlcpy(saved, cmdline_raw(), sizeof(saved));
  cmdline_init("  ktest failalloc=17 cow=off init=sh -c  echo ");
  KT_EXPECT(cmdline_has("ktest"));
  KT_EXPECT(cmdline_has("cow"));
  KT_EXPECT(!cmdline_has("kt"));
  KT_EXPECT(strcmp(cmdline_value("cow"), "off") == 0);
  KT_EXPECT_EQ(cmdline_number("failalloc", 0), 17);
  KT_EXPECT_EQ(cmdline_number("cow", 5), 5);
  int n = 0;
  const char *const *after = cmdline_words_after("init", &n);
  KT_EXPECT_EQ(n, 2);
  KT_EXPECT(n == 2 && strcmp(after[0], "-c") == 0 && strcmp(after[1], "echo") == 0);
  KT_EXPECT(after[n] == NULL);
  cmdline_init(saved);
}

/* Guards against cmdline_check() letting a misspelled or malformed word
 * through (the kernel would boot something else), or refusing a good one. */
KTEST(lib_cmdline_check)
{
  static const struct cmdline_word table[] = {
    { "flag", CMDLINE_FLAG, NULL }, { "opt", CMDLINE_FLAG_VALUE, NULL },
    { "n", CMDLINE_NUMBER, NULL }, { "c", CMDLINE_CHOICE, "on|off" },
    { "rest", CMDLINE_REST, NULL },
  };
  static const struct { const char *line; const char *bad; bool unknown; } cases[] = {
    { "flag opt opt=a,b n=12 c=on c=off rest=x junk n=0", NULL, false },
    { "", NULL, false },
    { "flagg", "flagg", true },     { "flag=1", "flag=1", false },
    { "opt=", NULL, false },        { "n=0", "n=0", false },
    { "n=", "n=", false },          { "n=1x", "n=1x", false },
    { "c=of", "c=of", false },      { "c=", "c=", false },
    { "rest=", "rest=", false },    { "fla", "fla", true },
  };
  char saved[256];
  strlcpy(saved, cmdline_raw(), sizeof(saved));
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    bool unknown = !cases[i].unknown;
    cmdline_init(cases[i].line);
    const char *bad = cmdline_check(table, sizeof(table) / sizeof(table[0]), &unknown);
    if (!cases[i].bad) {
      KT_EXPECT(bad == NULL);
    } else if (KT_EXPECT(bad != NULL)) {
      KT_EXPECT(strcmp(bad, cases[i].bad) == 0);
      KT_EXPECT_EQ(unknown, cases[i].unknown);
    }
  }
  cmdline_init(saved);
}
