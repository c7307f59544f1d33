/* The frame/PTE invariant checker (vmcheck).
 *
 * With every address space locked (in pool order, as vm_fork does), count
 * the user mappings of each frame in a tally array, then compare:
 *   - a mapped frame must be a FRAME_USER frame;
 *   - a user frame's reference count must equal its mappings: more is a
 *     leak (a reference nobody will drop), fewer is a future double free;
 *   - every user-half table frame found must be a FRAME_KERNEL frame.
 * File frames (FRAME_FILE) are never mapped: a PTE pointing at one is
 * reported like any other non-user frame, and their counts (one, the
 * inode's) are not compared here; fs/ checks its own (fs_check()).
 * The tally lives in frames taken with fault injection bypassed, so the
 * check works under failalloc=N too. */
#include "mm/vm_pool.h"
#include "mm/frame_internal.h"
#include "arch/riscv/addr.h"
#include "mm/pagetable.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

#define TALLIES_PER_PAGE (PAGE_SIZE / sizeof(uint16_t))
#define MAX_TALLY_PAGES  (PAGE_SIZE / sizeof(uint16_t *))
#define MAX_REPORTS 8

struct tally {
  paddr_t base;                       /* lowest managed frame considered */
  size_t frames;
  uint16_t *pages[MAX_TALLY_PAGES];   /* mappings per frame, paged */
  int problems;
};

/* The tally of frame number i (below t->frames). */
static uint16_t *tally_at(struct tally *t, size_t i)
{
  return &t->pages[i / TALLIES_PER_PAGE][i % TALLIES_PER_PAGE];
}

/* The tally of frame pa, or NULL if pa is outside the managed span. */
static uint16_t *slot_of(struct tally *t, paddr_t pa)
{
  size_t i = pa_offset_from(pa, t->base) >> PAGE_SHIFT;
  if (pa_lt(pa, t->base) || i >= t->frames)
    return NULL;
  return tally_at(t, i);
}

static void report(struct tally *t, const char *what, paddr_t pa, uint64_t a, uint64_t b)
{
  if (t->problems++ < MAX_REPORTS)
    printf("vmcheck: frame %p: %s (%lu vs %lu)\n", (void *)pa_raw(pa), what,
           (unsigned long)a, (unsigned long)b);
}

static int count_leaf(pte_t *slot, vaddr_t va, void *arg)
{
  struct tally *t = arg;
  paddr_t pa = pte_pa(*slot);
  uint16_t *n = slot_of(t, pa);
  if (!n || frame_kind(pa) != FRAME_USER)
    report(t, "mapped but not a user frame", pa, va, n ? frame_kind(pa) : 99);
  else
    (*n)++;
  return 0;
}

static void check_table(pte_t *table, void *arg)
{
  paddr_t pa = kva_to_pa(table);
  if (!frame_is_managed(pa) || frame_kind(pa) != FRAME_KERNEL || frame_refcount(pa) != 1)
    report(arg, "page-table frame not held once by the kernel", pa, 0, 0);
}

static void compare_counts(struct tally *t)
{
  for (size_t i = 0; i < t->frames; i++) {
    paddr_t pa = pa_add(t->base, i * PAGE_SIZE);
    if (!frame_is_managed(pa) || frame_kind(pa) != FRAME_USER)
      continue;
    uint16_t maps = *tally_at(t, i);
    uint32_t refs = frame_refcount(pa);
    if (refs != maps)
      report(t, refs > maps ? "leaked reference" : "missing reference", pa, refs, maps);
  }
}

static bool tally_alloc(struct tally *t, paddr_t lo, paddr_t hi)
{
  memset(t, 0, sizeof(*t));
  t->base = lo;
  t->frames = pa_offset_from(hi, lo) >> PAGE_SHIFT;
  size_t pages = (t->frames + TALLIES_PER_PAGE - 1) / TALLIES_PER_PAGE;
  if (pages > MAX_TALLY_PAGES)
    return false;
  for (size_t i = 0; i < pages; i++) {
    paddr_t pa = frame_alloc_uninjected(FRAME_KERNEL);
    if (pa_is_null(pa))
      return false;
    t->pages[i] = pa_to_kva(pa);
    page_zero(t->pages[i]);
  }
  return true;
}

static void tally_free(struct tally *t)
{
  for (size_t i = 0; i < MAX_TALLY_PAGES && t->pages[i]; i++)
    frame_put(kva_to_pa(t->pages[i]));
}

int vm_check_invariants(void)
{
  paddr_t lo, hi;
  frame_managed_span(&lo, &hi);
  static struct tally t; /* large; serialized by vm_pool_lock */
  spin_lock(&vm_pool_lock);
  if (!tally_alloc(&t, lo, hi)) {
    tally_free(&t);
    spin_unlock(&vm_pool_lock);
    return -ENOMEM; /* could not check: not a broken invariant */
  }
  for (int i = 0; i < VM_POOL_SIZE; i++)
    if (vm_pool[i].in_use)
      spin_lock(&vm_pool[i].lock);
  for (int i = 0; i < VM_POOL_SIZE; i++)
    if (vm_pool[i].in_use && vm_pool[i].root) {
      pt_for_each_user_leaf(vm_pool[i].root, count_leaf, &t);
      pt_for_each_user_table(vm_pool[i].root, check_table, &t);
    }
  compare_counts(&t);
  for (int i = VM_POOL_SIZE - 1; i >= 0; i--)
    if (vm_pool[i].in_use)
      spin_unlock(&vm_pool[i].lock);
  int problems = t.problems;
  tally_free(&t);
  spin_unlock(&vm_pool_lock);
  return problems;
}
