/* In-kernel tests. A test is a function registered in the .ktest linker
 * section with KTEST(name); `ktest` on the command line runs them all at
 * boot and powers off with the verdict (KTAP output, then "N passed, N
 * failed"). Each test also fails if it changes the number of free frames.
 *
 *   KTEST(frame_refcount_get_put) {
 *     paddr_t pa = frame_alloc(FRAME_KERNEL);
 *     KT_ASSERT(!pa_is_null(pa));
 *     ...
 *   }
 *
 * KT_EXPECT records a failure and carries on; KT_ASSERT records it and
 * returns from the test. Both may be used on any hart. */
#ifndef TESTS_KTEST_H
#define TESTS_KTEST_H

#include "lib/types.h"

#define KTEST_MANUAL 1 /* runs only when named: ktest=NAME */

struct ktest {
  const char *name;
  void (*fn)(void);
  unsigned flags;
};

#define KTEST_FLAGS(name, flags_)                                           \
  static void name(void);                                                   \
  static const struct ktest ktest_entry_##name                              \
    __attribute__((used, section(".ktest"), aligned(8))) = { #name, name, flags_ }; \
  static void name(void)
#define KTEST(name) KTEST_FLAGS(name, 0)

/* Record a failure of the running test with a "# file:line: message". */
void ktest_fail(const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* Returns ok; records "expected TEXT" as a failure when !ok. */
bool ktest_check(bool ok, const char *file, int line, const char *text);

#define KT_EXPECT(cond) ktest_check(!!(cond), __FILE__, __LINE__, #cond)
/* Evaluates cond once; the test stops here if it is false (so code after
 * it may rely on it, and the static analyzer knows that too). */
#define KT_ASSERT(cond)                                                     \
  do {                                                                      \
    if (!(cond)) {                                                          \
      ktest_check(false, __FILE__, __LINE__, #cond);                        \
      return;                                                               \
    }                                                                       \
  } while (0)
#define KT_EXPECT_EQ(a, b)                                                  \
  do {                                                                      \
    uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                        \
    if (a_ != b_)                                                           \
      ktest_fail(__FILE__, __LINE__, "%s == %s: %lu != %lu", #a, #b,        \
                 (unsigned long)a_, (unsigned long)b_);                     \
  } while (0)

/* Run the tests named in `selection` (comma-separated; NULL or "" = all
 * but the manual ones). Returns the number that failed. */
int ktest_run(const char *selection);

#endif
