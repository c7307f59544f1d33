/* Sv39 page-table operations. Three levels: level 2 is the root, level 0
 * holds 4 KiB leaves. */
#include "mm/pagetable.h"
#include "mm/frame.h"
#include "arch/riscv/addr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define SV39_VA_BITS 39
#define HUGE_LEVEL   1   /* 2 MiB leaves live at level 1 */

static size_t table_frames; /* atomic */

bool va_is_canonical(vaddr_t va)
{
  int64_t top = (int64_t)va >> (SV39_VA_BITS - 1);
  return top == 0 || top == -1;
}

pte_t *pt_table_alloc(bool zeroed)
{
  paddr_t pa = zeroed ? frame_alloc_zeroed(FRAME_KERNEL) : frame_alloc(FRAME_KERNEL);
  if (pa_is_null(pa))
    return NULL;
  __atomic_add_fetch(&table_frames, 1, __ATOMIC_RELAXED);
  return pa_to_kva(pa);
}

void pt_table_free(pte_t *table)
{
  __atomic_sub_fetch(&table_frames, 1, __ATOMIC_RELAXED);
  frame_put(kva_to_pa(table));
}

size_t pt_frames_in_use(void)
{
  return __atomic_load_n(&table_frames, __ATOMIC_RELAXED);
}

pte_t *pt_create(void)
{
  return pt_table_alloc(true);
}

pte_t *pt_create_user(const pte_t *kernel_root)
{
  pte_t *root = pt_table_alloc(true);
  if (root)
    memcpy(root + PT_FIRST_KERNEL_INDEX, kernel_root + PT_FIRST_KERNEL_INDEX,
           (PT_ENTRIES - PT_FIRST_KERNEL_INDEX) * sizeof(pte_t));
  return root;
}

int pt_walk_to(pte_t *root, vaddr_t va, int target_level, bool alloc,
                         pte_t **slot_out)
{
  if (!va_is_canonical(va))
    return -EINVAL;
  pte_t *table = root;
  for (int level = PT_LEVELS - 1; level > target_level; level--) {
    pte_t *slot = &table[PT_INDEX(va, level)];
    if (pte_valid(*slot)) {
      if (pte_is_leaf(*slot))
        return -EEXIST;
      table = pt_descend(table, va, level);
      continue;
    }
    if (!alloc)
      return -ENOENT;
    pte_t *next = pt_table_alloc(true);
    if (!next)
      return -ENOMEM;
    *slot = pte_make_table(kva_to_pa(next));
    table = next;
  }
  *slot_out = &table[PT_INDEX(va, target_level)];
  return 0;
}

pte_t *pt_walk(pte_t *root, vaddr_t va, bool alloc)
{
  pte_t *slot;
  return pt_walk_to(root, va, 0, alloc, &slot) == 0 ? slot : NULL;
}

bool pt_perm_ok(uint64_t perm)
{
  if (perm & ~(PTE_PERM_MASK | PTE_SW_WRITE))
    return false;
  if (!(perm & (PTE_R | PTE_X)))
    return false;  /* W alone is reserved by the spec */
  return true;
}

static int map_at_level(pte_t *root, vaddr_t va, paddr_t pa, uint64_t perm, int level)
{
  uint64_t align = PT_LEVEL_SIZE(level) - 1;
  if ((va & align) || !pa_is_aligned(pa, PT_LEVEL_SIZE(level)) || !va_is_canonical(va) ||
      !pt_perm_ok(perm))
    return -EINVAL;
  pte_t *slot;
  int err = pt_walk_to(root, va, level, true, &slot);
  if (err)
    return err;
  if (pte_valid(*slot))
    return -EEXIST;
  *slot = pte_make_leaf(pa, perm);
  return 0;
}

int pt_map(pte_t *root, vaddr_t va, paddr_t pa, uint64_t perm)
{
  return map_at_level(root, va, pa, perm, 0);
}

int pt_map_range(pte_t *root, vaddr_t va, paddr_t pa, uint64_t size, uint64_t perm)
{
  if (!IS_PAGE_ALIGNED(va) || !pa_is_page_aligned(pa) || !IS_PAGE_ALIGNED(size))
    return -EINVAL;
  while (size) {
    uint64_t huge = PT_LEVEL_SIZE(HUGE_LEVEL);
    bool use_huge = size >= huge && !(va & (huge - 1)) && pa_is_aligned(pa, huge);
    int err = map_at_level(root, va, pa, perm, use_huge ? HUGE_LEVEL : 0);
    if (err)
      return err;
    uint64_t step = use_huge ? huge : PAGE_SIZE;
    va += step, pa = pa_add(pa, step), size -= step;
  }
  return 0;
}

int pt_unmap(pte_t *root, vaddr_t va, paddr_t *old_pa)
{
  if (!IS_PAGE_ALIGNED(va) || !va_is_canonical(va))
    return -EINVAL;
  pte_t *slot = pt_walk(root, va, false);
  if (!slot || !pte_valid(*slot))
    return -ENOENT;
  if (old_pa)
    *old_pa = pte_pa(*slot);
  *slot = 0;
  return 0;
}

int pt_translate(pte_t *root, vaddr_t va, paddr_t *pa, uint64_t *flags)
{
  if (!va_is_canonical(va))
    return -EINVAL;
  pte_t *table = root;
  for (int level = PT_LEVELS - 1; level >= 0; level--) {
    pte_t entry = table[PT_INDEX(va, level)];
    if (!pte_valid(entry))
      return -ENOENT;
    if (pte_is_leaf(entry)) {
      if (pa)
        *pa = pa_add(pte_pa(entry), va & (PT_LEVEL_SIZE(level) - 1));
      if (flags)
        *flags = pte_flags(entry);
      return 0;
    }
    table = pa_to_kva(pte_pa(entry));
  }
  return -ENOENT;
}

bool pt_leaf_table_empty(const pte_t *table)
{
  pte_t any = 0;
  for (int i = 0; i < PT_ENTRIES; i += 4)
    any |= table[i] | table[i + 1] | table[i + 2] | table[i + 3];
  return !(any & PTE_V);
}

/* The index of the first valid entry of t at or after i (below n, a
 * multiple of 8: 256 or 512), or n. Empty groups of 8 are skipped with one
 * test: most entries of the upper levels are empty, and these scans run on
 * every fork and exit. */
static inline int next_valid(const pte_t *t, int i, int n)
{
  for (; i % PTE_GROUP; i++)    /* the rest of the group i is in */
    if (t[i] & PTE_V)
      return i;
  while (i < n && pte_group_empty(&t[i]))
    i += PTE_GROUP;
  for (; i < n; i++)            /* the group holding the next valid entry */
    if (t[i] & PTE_V)
      return i;
  return n;
}

/* Free an empty, private leaf table (pt_destroy without a detach
 * function). */
static int free_empty_leaf_table(pte_t *entry, vaddr_t base, void *arg)
{
  pte_t *table = pte_table(*entry);
  if (!pt_leaf_table_empty(table))
    panic("pt_destroy: a leaf is still mapped in table %p", (void *)table);
  if (frame_refcount(kva_to_pa(table)) != 1)
    panic("pt_destroy: leaf table %p is shared", (void *)table);
  *entry = 0;
  pt_table_free(table);
  return 0;
}

/* Free `table` (at `level` >= 1, its first `entries` entries in use) and
 * every table below it, handing each leaf table to `detach`. */
static void destroy_subtree(pte_t *table, int level, int entries, vaddr_t base,
                            pt_table_fn detach, void *arg)
{
  for (int i = next_valid(table, 0, entries); i < entries; i = next_valid(table, i + 1, entries)) {
    if (pte_is_leaf(table[i]))
      panic("pt_destroy: leaf %lx still mapped at level %d index %d",
            (unsigned long)table[i], level, i);
    vaddr_t va = base + ((vaddr_t)i << PT_LEVEL_SHIFT(level));
    if (level == 1)
      detach(&table[i], va, arg);
    else
      destroy_subtree(pte_table(table[i]), level - 1, PT_ENTRIES, va, detach, arg);
  }
  pt_table_free(table);
}

void pt_destroy(pte_t *root)
{
  pt_destroy_detaching(root, free_empty_leaf_table, NULL);
}

void pt_destroy_detaching(pte_t *root, pt_table_fn detach, void *arg)
{
  destroy_subtree(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX, 0, detach, arg);
}

/* Walk the non-leaf levels from `table` (at `level` >= 1, its first
 * `entries` entries) and call fn on every level-0 table. User space has no
 * huge pages, so a leaf above level 0 is a bug. */
static int leaf_tables_below(pte_t *table, int level, int entries, vaddr_t base,
                             pt_table_fn fn, void *arg)
{
  for (int i = next_valid(table, 0, entries); i < entries; i = next_valid(table, i + 1, entries)) {
    if (pte_is_leaf(table[i]))
      panic("pt: huge leaf %lx in the user half", (unsigned long)table[i]);
    vaddr_t va = base + ((vaddr_t)i << PT_LEVEL_SHIFT(level));
    int r = level == 1 ? fn(&table[i], va, arg)
                       : leaf_tables_below(pte_table(table[i]), level - 1, PT_ENTRIES, va, fn, arg);
    if (r)
      return r;
  }
  return 0;
}

int pt_for_each_leaf_table(pte_t *root, pt_table_fn fn, void *arg)
{
  return leaf_tables_below(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX, 0, fn, arg);
}

/* fn on `table` and every non-leaf table below it (its first `entries`
 * entries). */
static void upper_tables_below(pte_t *table, int level, int entries,
                               void (*fn)(pte_t *, void *), void *arg)
{
  fn(table, arg);
  if (level == 1)
    return;
  for (int i = next_valid(table, 0, entries); i < entries; i = next_valid(table, i + 1, entries))
    if (pte_is_table(table[i]))
      upper_tables_below(pte_table(table[i]), level - 1, PT_ENTRIES, fn, arg);
}

void pt_for_each_upper_table(pte_t *root, void (*fn)(pte_t *table, void *arg), void *arg)
{
  upper_tables_below(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX, fn, arg);
}
