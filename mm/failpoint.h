/* Fault injection: named fail points that make an allocation fail on
 * purpose, so the error paths of fork, COW and everything else that
 * allocates get exercised (failalloc=N / failcow=N on the command line,
 * runtests -i, the fault-injection ktests).
 *
 * A fail point armed with `every` = N fails every Nth time code passes it
 * (counted across all harts); 0 disarms it. Disarmed, failpoint_fail() is
 * one load and a branch. */
#ifndef MM_FAILPOINT_H
#define MM_FAILPOINT_H

#include "lib/types.h"

enum failpoint {
  FAIL_FRAME_ALLOC,   /* "failalloc": any frame_alloc() */
  FAIL_COW_ALLOC,     /* "failcow": an allocation of fork's page work (a
                         child's leaf table, an eager copy) or of a COW copy */
  FAIL_POINT_COUNT,
};

/* Arm `fp` to fail every `every`th pass (0: never), counting from now. */
void failpoint_arm(enum failpoint fp, uint64_t every);
/* Who is spared: while spared() returns true on the calling hart, no fail
 * point fires (init/main.c spares pid 1, the harness that reports). */
void failpoint_spare(bool (*spared)(void));

bool failpoint_fail_slow(enum failpoint fp);
extern int failpoints_armed; /* atomic: how many fail points are armed */

/* Should this pass through `fp` fail? */
static inline bool failpoint_fail(enum failpoint fp)
{
  if (__builtin_expect(!__atomic_load_n(&failpoints_armed, __ATOMIC_RELAXED), 1))
    return false;
  return failpoint_fail_slow(fp);
}

#endif
