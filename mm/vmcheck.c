/* The frame/PTE invariant checker (vmcheck).
 *
 * With every address space locked (in pool order, as vm_fork does), count
 * in a tally array, per frame, the leaf tables that map it (each leaf
 * table once, however many address spaces share it) and, per leaf table,
 * the level-1 entries that point at it; then compare:
 *   - a mapped frame must be a FRAME_USER or FRAME_FILE frame;
 *   - a user frame's reference count must equal the leaf tables mapping
 *     it: more is a leak (a reference nobody will drop), fewer is a future
 *     double free; a mapped file frame's must be one more (its inode's
 *     hold: an inode that lets go of a mapped frame makes it a user frame
 *     in the same atomic step, frame_file_release());
 *   - a leaf table's count must equal the level-1 entries pointing at it;
 *     a shared one (count > 1) must be marked PTE_TABLE_NO_WRITE in every
 *     entry, and a marked one must hold no writable entry
 *     (mm/cow_table.h);
 *   - every user-half table frame found must be a FRAME_KERNEL frame, and
 *     the root and level-1 tables are held once.
 * Kind and count are read in one load, so an inode letting go of a frame
 * meanwhile is seen before or after, never half-way. File frames nobody
 * maps are fs/'s to check (fs_check()).
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

static void count_leaf(struct tally *t, pte_t pte, vaddr_t va)
{
  paddr_t pa = pte_pa(pte);
  uint16_t *n = slot_of(t, pa);
  enum frame_kind kind = n ? frame_kind(pa) : FRAME_RESERVED;
  if (!n || (kind != FRAME_USER && kind != FRAME_FILE))
    report(t, "mapped but not a user or file frame", pa, va, n ? kind : 99);
  else
    (*n)++;
}

static bool holds_writable_entry(const pte_t *table)
{
  for (int i = 0; i < PT_ENTRIES; i++)
    if (pte_writable(table[i]))
      return true;
  return false;
}

/* One level-1 entry and the leaf table it points at: count the entry
 * against the table, check the sharing rules, and count the table's
 * mappings the first time the table is met. */
static int check_leaf_table(pte_t *entry, vaddr_t base, void *arg)
{
  struct tally *t = arg;
  pte_t *table = pte_table(*entry);
  paddr_t pa = kva_to_pa(table);
  uint16_t *n = slot_of(t, pa);
  if (!n || !frame_is_managed(pa) || frame_kind(pa) != FRAME_KERNEL) {
    report(t, "leaf table is not a kernel frame", pa, base, 0);
    return 0;
  }
  bool shared = frame_refcount(pa) > 1;
  if (shared && !pte_table_no_write(*entry))
    report(t, "shared leaf table not marked no-write", pa, base, frame_refcount(pa));
  if ((shared || pte_table_no_write(*entry)) && holds_writable_entry(table))
    report(t, "shared or no-write leaf table holds a writable entry", pa, base, 0);
  if ((*n)++ > 0)
    return 0; /* its mappings are counted already */
  for (int i = 0; i < PT_ENTRIES; i++)
    if (pte_valid(table[i]))
      count_leaf(t, table[i], base + ((vaddr_t)i << PAGE_SHIFT));
  return 0;
}

static void check_upper_table(pte_t *table, void *arg)
{
  paddr_t pa = kva_to_pa(table);
  if (!frame_is_managed(pa) || frame_kind(pa) != FRAME_KERNEL || frame_refcount(pa) != 1)
    report(arg, "page-table frame not held once by the kernel", pa, 0, 0);
}

/* The references frame `pa` should have with `maps` tallied mappings, or
 * -1 if its kind is not compared here. One load for kind and count. */
static int64_t expected_refs(paddr_t pa, uint16_t maps, uint32_t *refs)
{
  uint32_t meta = __atomic_load_n(frame_cursor_meta(&frame_first_region, pa, "vmcheck"),
                                  __ATOMIC_ACQUIRE);
  enum frame_kind kind = (meta >> FRAME_KIND_SHIFT) & FRAME_KIND_MASK;
  *refs = meta & FRAME_COUNT_MASK;
  if (kind == FRAME_USER || (kind == FRAME_KERNEL && maps > 0))
    return maps;
  if (kind == FRAME_FILE && maps > 0)
    return maps + 1; /* the inode's hold */
  return -1;
}

/* User frames against their mappings, mapped file frames against their
 * mappings and the inode's hold; kernel frames with a tally are leaf
 * tables, against the entries pointing at them. */
static void compare_counts(struct tally *t)
{
  for (size_t i = 0; i < t->frames; i++) {
    paddr_t pa = pa_add(t->base, i * PAGE_SIZE);
    if (!frame_is_managed(pa))
      continue;
    uint16_t maps = *tally_at(t, i);
    uint32_t refs;
    int64_t want = expected_refs(pa, maps, &refs);
    if (want < 0)
      continue;
    if (refs != (uint64_t)want)
      report(t, refs > want ? "leaked reference" : "missing reference", pa, refs, (uint64_t)want);
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
      pt_for_each_leaf_table(vm_pool[i].root, check_leaf_table, &t);
      pt_for_each_upper_table(vm_pool[i].root, check_upper_table, &t);
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
