/* Fail points (mm/failpoint.h). Counters are atomic and global: with
 * several harts the Nth pass is whichever hart gets there Nth. */
#include "mm/failpoint.h"

struct fail_state {
  uint64_t every;   /* atomic: 0 = disarmed */
  uint64_t passes;  /* atomic: passes since armed */
};

static struct fail_state points[FAIL_POINT_COUNT];
static bool (*spared_fn)(void);
int failpoints_armed;

void failpoint_arm(enum failpoint fp, uint64_t every)
{
  struct fail_state *s = &points[fp];
  uint64_t was = __atomic_exchange_n(&s->every, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&s->passes, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&s->every, every, __ATOMIC_RELEASE);
  __atomic_add_fetch(&failpoints_armed, (every != 0) - (was != 0), __ATOMIC_RELEASE);
}

void failpoint_spare(bool (*spared)(void))
{
  __atomic_store_n(&spared_fn, spared, __ATOMIC_RELEASE);
}

bool failpoint_fail_slow(enum failpoint fp)
{
  struct fail_state *s = &points[fp];
  uint64_t every = __atomic_load_n(&s->every, __ATOMIC_ACQUIRE);
  if (!every)
    return false;
  bool (*spared)(void) = __atomic_load_n(&spared_fn, __ATOMIC_ACQUIRE);
  if (spared && spared())
    return false;
  return __atomic_add_fetch(&s->passes, 1, __ATOMIC_RELAXED) % every == 0;
}
