/* The ktest runner: KTAP output, a frame-leak check around every test. */
#include <stdarg.h>
#include "tests/ktest.h"
#include "mm/frame.h"
#include "lib/printf.h"
#include "lib/string.h"

extern const struct ktest _ktest_start[], _ktest_end[];

static int current_failures; /* atomic: failures in the running test */

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
  char msg[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  __atomic_add_fetch(&current_failures, 1, __ATOMIC_RELAXED);
  printf("# %s:%d: %s\n", file, line, msg);
}

bool ktest_check(bool ok, const char *file, int line, const char *text)
{
  if (!ok)
    ktest_fail(file, line, "expected %s", text);
  return ok;
}

/* Is `name` one of the comma-separated names in `selection`? */
static bool selected(const char *name, const char *selection)
{
  size_t len = strlen(name);
  for (const char *s = selection; *s;) {
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : strlen(s);
    if (n == len && strncmp(s, name, n) == 0)
      return true;
    s += n + (comma ? 1 : 0);
  }
  return false;
}

static bool should_run(const struct ktest *t, const char *selection)
{
  if (selection && *selection)
    return selected(t->name, selection);
  return !(t->flags & KTEST_MANUAL);
}

/* Runs one test; returns true if it passed. */
static bool run_one(const struct ktest *t, int number)
{
  __atomic_store_n(&current_failures, 0, __ATOMIC_RELAXED);
  size_t free_before = frames_free();
  t->fn();
  size_t free_after = frames_free();
  if (free_after != free_before)
    ktest_fail(__FILE__, __LINE__, "free frames %zu before, %zu after",
               free_before, free_after);
  bool ok = __atomic_load_n(&current_failures, __ATOMIC_RELAXED) == 0;
  printf("%sok %d %s\n", ok ? "" : "not ", number, t->name);
  return ok;
}

int ktest_run(const char *selection)
{
  int planned = 0, passed = 0, failed = 0;
  for (const struct ktest *t = _ktest_start; t < _ktest_end; t++)
    planned += should_run(t, selection);
  printf("KTAP version 1\n1..%d\n", planned);
  for (const struct ktest *t = _ktest_start; t < _ktest_end; t++) {
    if (!should_run(t, selection))
      continue;
    if (run_one(t, passed + failed + 1))
      passed++;
    else
      failed++;
  }
  if (planned == 0)
    printf("# no test matched '%s'\n", selection ? selection : "");
  printf("%d passed, %d failed\n", passed, failed);
  return planned == 0 ? 1 : failed;
}

/* Proves the harness can fail: run with ktest=ktest_fails_on_purpose and
 * QEMU must exit non-zero (a ctest checks that). */
KTEST_FLAGS(ktest_fails_on_purpose, KTEST_MANUAL)
{
  KT_EXPECT(1 + 1 == 3);
}
