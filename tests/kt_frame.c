/* Frame allocator tests: exhaustion, refcounts, SMP safety, overhead. */
#include "tests/ktest.h"
#include "mm/frame.h"
#include "mm/failpoint.h"
#include "arch/riscv/addr.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/smp.h"
#include "lib/string.h"
#include "lib/types.h"

/* Frames are chained through their first word while a test holds them. */
struct held {
  struct held *next;
  uint64_t stamp;
};

static void release_all(struct held *list)
{
  while (list) {
    struct held *next = list->next;
    frame_put(kva_to_pa(list));
    list = next;
  }
}

/* Up to `max` frames (or until none is left), chained; *got says how many. */
static struct held *take_frames(size_t max, size_t *got)
{
  struct held *list = NULL;
  *got = 0;
  for (paddr_t pa; *got < max && !pa_is_null(pa = frame_alloc(FRAME_KERNEL)); (*got)++) {
    struct held *h = pa_to_kva(pa);
    h->next = list;
    list = h;
  }
  return list;
}

/* Guards against lost or invented frames: the allocator must hand out
 * exactly frames_free() frames, then fail, then take them all back. */
KTEST(frame_alloc_every_frame_then_free_all)
{
  size_t before = frames_free();
  size_t got;
  struct held *list = take_frames(SIZE_MAX, &got);
  KT_EXPECT_EQ(got, before);
  KT_EXPECT_EQ(frames_free(), 0);
  KT_EXPECT(pa_is_null(frame_alloc(FRAME_USER)));
  release_all(list);
  KT_EXPECT_EQ(frames_free(), before);
}

KTEST(frame_refcount_get_put)
{
  size_t before = frames_free();
  paddr_t pa = frame_alloc(FRAME_USER);
  KT_ASSERT(!pa_is_null(pa));
  KT_EXPECT_EQ(frame_refcount(pa), 1);
  KT_EXPECT_EQ(frame_kind(pa), FRAME_USER);
  frame_get(pa);
  frame_get(pa);
  KT_EXPECT_EQ(frame_refcount(pa), 3);
  KT_EXPECT(!frame_put(pa));
  KT_EXPECT(!frame_put(pa));
  KT_EXPECT_EQ(frame_refcount(pa), 1);
  KT_EXPECT_EQ(frames_free(), before - 1);
  KT_EXPECT(frame_put(pa));
  KT_EXPECT_EQ(frame_refcount(pa), 0);
  KT_EXPECT_EQ(frame_kind(pa), FRAME_FREE);
  KT_EXPECT_EQ(frames_free(), before);
}

KTEST(frame_alloc_zeroed_is_zero)
{
  paddr_t pa = frame_alloc(FRAME_KERNEL);
  KT_ASSERT(!pa_is_null(pa));
  memset(pa_to_kva(pa), 0xa5, PAGE_SIZE);
  frame_put(pa);
  /* The free list is LIFO: the dirty frame comes straight back. */
  paddr_t again = frame_alloc_zeroed(FRAME_KERNEL);
  KT_ASSERT(!pa_is_null(again));
  const uint64_t *words = pa_to_kva(again);
  size_t nonzero = 0;
  for (size_t i = 0; i < PAGE_SIZE / 8; i++)
    nonzero += words[i] != 0;
  KT_EXPECT_EQ(nonzero, 0);
  frame_put(again);
}

KTEST(frame_metadata_at_most_0_1_percent_of_ram)
{
  uint64_t ram = (frames_total() + 0) * PAGE_SIZE;
  KT_EXPECT(frame_meta_bytes() * 1000 <= ram + PAGE_SIZE * 1000);
}

KTEST(frame_fault_injection_fails_every_nth)
{
  failpoint_arm(FAIL_FRAME_ALLOC, 3);
  paddr_t a = frame_alloc(FRAME_KERNEL), b = frame_alloc(FRAME_KERNEL);
  paddr_t c = frame_alloc(FRAME_KERNEL), d = frame_alloc(FRAME_KERNEL);
  failpoint_arm(FAIL_FRAME_ALLOC, 0);
  KT_EXPECT(!pa_is_null(a) && !pa_is_null(b) && pa_is_null(c) && !pa_is_null(d));
  if (!pa_is_null(a)) frame_put(a);
  if (!pa_is_null(b)) frame_put(b);
  if (!pa_is_null(d)) frame_put(d);
}

#define STRESS_ROUNDS 20
#define STRESS_BATCH  256

static int stress_barrier; /* atomic */

/* Each hart repeatedly takes a batch, stamps every frame with its own id,
 * waits for all harts to hold their batch, and checks no stamp changed:
 * a frame handed out twice would carry another hart's stamp. */
static void alloc_stress_on_hart(void *arg)
{
  int nharts = *(int *)arg;
  uint64_t me = (uint64_t)this_cpu()->id + 1;
  for (int round = 0; round < STRESS_ROUNDS; round++) {
    struct held *list = NULL;
    for (int i = 0; i < STRESS_BATCH; i++) {
      paddr_t pa = frame_alloc(FRAME_KERNEL);
      if (pa_is_null(pa))
        break;
      struct held *h = pa_to_kva(pa);
      h->next = list;
      h->stamp = me << 32 | (uint64_t)i;
      list = h;
    }
    __atomic_add_fetch(&stress_barrier, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&stress_barrier, __ATOMIC_ACQUIRE) < nharts * (round + 1))
      cpu_idle_wait();
    for (struct held *h = list; h; h = h->next)
      if ((h->stamp >> 32) != me) {
        ktest_fail(__FILE__, __LINE__, "frame %p stamped %lx, owner %lu",
                   (void *)pa_raw(kva_to_pa(h)), (unsigned long)h->stamp, (unsigned long)me);
        break;
      }
    release_all(list);
  }
}

KTEST(frame_concurrent_alloc_free_all_harts)
{
  size_t before = frames_free();
  int nharts = __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
  __atomic_store_n(&stress_barrier, 0, __ATOMIC_RELEASE);
  smp_call_all(alloc_stress_on_hart, &nharts);
  KT_EXPECT_EQ(stress_barrier, nharts * STRESS_ROUNDS);
  KT_EXPECT_EQ(frames_free(), before);
}

static int shared_refs_done; /* atomic */

/* get/put from every hart on the same frame: atomics must not lose counts. */
static void refcount_hammer(void *arg)
{
  paddr_t pa = *(paddr_t *)arg;
  for (int i = 0; i < 10000; i++)
    frame_get(pa);
  for (int i = 0; i < 10000; i++)
    frame_put(pa);
  __atomic_add_fetch(&shared_refs_done, 1, __ATOMIC_RELAXED);
}

KTEST(frame_refcount_concurrent_get_put)
{
  paddr_t pa = frame_alloc(FRAME_USER);
  KT_ASSERT(!pa_is_null(pa));
  __atomic_store_n(&shared_refs_done, 0, __ATOMIC_RELAXED);
  smp_call_all(refcount_hammer, &pa);
  KT_EXPECT_EQ(shared_refs_done, cpus_online);
  KT_EXPECT_EQ(frame_refcount(pa), 1);
  KT_EXPECT(frame_put(pa));
}

/* Must panic (ctest expects the panic status): a double free is a kernel bug. */
KTEST_FLAGS(frame_double_free_panics, KTEST_MANUAL)
{
  paddr_t pa = frame_alloc(FRAME_KERNEL);
  KT_ASSERT(!pa_is_null(pa));
  frame_put(pa);
  frame_put(pa);
  ktest_fail(__FILE__, __LINE__, "second frame_put returned");
}

/* failcow=N arms its own fail point: plain allocations still succeed
 * (kt_cow.c checks that fork and COW faults do fail). */
KTEST(failpoint_cow_alloc_spares_plain_allocations)
{
  failpoint_arm(FAIL_COW_ALLOC, 1);
  paddr_t plain = frame_alloc(FRAME_KERNEL);
  bool fires = failpoint_fail(FAIL_COW_ALLOC);
  failpoint_arm(FAIL_COW_ALLOC, 0);
  KT_EXPECT(!pa_is_null(plain));
  KT_EXPECT(fires);
  KT_EXPECT(!failpoint_fail(FAIL_COW_ALLOC));
  if (!pa_is_null(plain)) frame_put(plain);
}

#ifdef COWKERNEL_FRAME_POISON
/* A write into a freed frame (here through the direct map, as a stale
 * reference would) is caught when the frame is allocated again: freed
 * frames are reused last-in first-out, so the next allocation on this
 * otherwise idle machine gets it back. Manual: it must end in a panic. */
KTEST_FLAGS(frame_poison_catches_write_after_free, KTEST_MANUAL)
{
  paddr_t pa = frame_alloc(FRAME_KERNEL);
  KT_ASSERT(!pa_is_null(pa));
  frame_put(pa);
  ((volatile uint8_t *)pa_to_kva(pa))[100] = 1;
  paddr_t again = frame_alloc(FRAME_KERNEL);
  ktest_fail(__FILE__, __LINE__, "frame_alloc returned %p without noticing",
             (void *)pa_raw(again));
}
#endif

/* What each hart got in frame_caches_exhaust_memory_together. */
static struct held *exhausted_lists[NCPU];
static size_t exhausted_counts[NCPU];

/* Allocate and free CHURN_FRAMES frames: more than a per-hart cache holds
 * (32), so it is refilled and given back to the list, and left holding
 * frames (27) that only a steal can reach from another hart. */
#define CHURN_FRAMES 60
static void churn_on_hart(void *arg)
{
  size_t got;
  release_all(take_frames(CHURN_FRAMES, &got));
}

static void exhaust_on_hart(void *arg)
{
  int me = this_cpu()->id;
  exhausted_lists[me] = take_frames(SIZE_MAX, &exhausted_counts[me]);
}

/* Guards against frames stranded or handed out twice by the per-hart
 * caches (mm/frame_cache.c): after every hart has filled and drained its
 * cache, this hart alone, then all harts at once, allocate until nothing
 * is left - the last frames come out of the other harts' caches - and
 * must get exactly frames_free() frames, then give every one back. A
 * frame handed out twice would be freed twice (a panic) or counted twice. */
KTEST(frame_caches_exhaust_memory_together)
{
  size_t before = frames_free();
  smp_call_all(churn_on_hart, NULL);
  KT_EXPECT_EQ(frames_free(), before);
  exhaust_on_hart(NULL);
  KT_EXPECT_EQ(exhausted_counts[this_cpu()->id], before);
  release_all(exhausted_lists[this_cpu()->id]);
  smp_call_all(churn_on_hart, NULL);
  for (int i = 0; i < NCPU; i++)
    exhausted_lists[i] = NULL, exhausted_counts[i] = 0;
  smp_call_all(exhaust_on_hart, NULL);
  size_t total = 0;
  for (int i = 0; i < NCPU; i++)
    total += exhausted_counts[i];
  KT_EXPECT_EQ(total, before);
  KT_EXPECT_EQ(frames_free(), 0);
  for (int i = 0; i < NCPU; i++)
    release_all(exhausted_lists[i]);
  KT_EXPECT_EQ(frames_free(), before);
}
