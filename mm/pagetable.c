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

static pte_t *alloc_table(void)
{
  paddr_t pa = frame_alloc_zeroed(FRAME_KERNEL);
  if (pa_is_null(pa))
    return NULL;
  __atomic_add_fetch(&table_frames, 1, __ATOMIC_RELAXED);
  return pa_to_kva(pa);
}

static void free_table(pte_t *table)
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
  return alloc_table();
}

pte_t *pt_create_user(const pte_t *kernel_root)
{
  pte_t *root = alloc_table();
  if (root)
    memcpy(root + PT_FIRST_KERNEL_INDEX, kernel_root + PT_FIRST_KERNEL_INDEX,
           (PT_ENTRIES - PT_FIRST_KERNEL_INDEX) * sizeof(pte_t));
  return root;
}

/* Find the PTE slot for va at `target_level`, creating tables above it if
 * `alloc`. Returns 0 and sets *slot, or -EINVAL (not canonical), -ENOENT (a
 * table is missing and !alloc), -EEXIST (a huge page covers va), -ENOMEM. */
static int walk_to_level(pte_t *root, vaddr_t va, int target_level, bool alloc,
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
    pte_t *next = alloc_table();
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
  return walk_to_level(root, va, 0, alloc, &slot) == 0 ? slot : NULL;
}

static bool perm_ok(uint64_t perm)
{
  if (perm & ~(PTE_PERM_MASK | PTE_COW))
    return false;
  if (!(perm & (PTE_R | PTE_X)))
    return false;  /* W alone is reserved by the spec */
  return true;
}

static int map_at_level(pte_t *root, vaddr_t va, paddr_t pa, uint64_t perm, int level)
{
  uint64_t align = PT_LEVEL_SIZE(level) - 1;
  if ((va & align) || !pa_is_aligned(pa, PT_LEVEL_SIZE(level)) || !va_is_canonical(va) ||
      !perm_ok(perm))
    return -EINVAL;
  pte_t *slot;
  int err = walk_to_level(root, va, level, true, &slot);
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

/* True if no entry of a level-0 table is valid: OR them all, four at a
 * time (this check runs for every table of every exiting process). */
static bool leaf_table_empty(const pte_t *table)
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
  for (; i < n; i++) {
    if ((i & 7) == 0 && pte_group_empty(&t[i]))
      i += 7;
    else if (t[i] & PTE_V)
      break;
  }
  return i;
}

/* Free `table` (at `level`, its first `entries` entries in use) and every
 * table below it. */
static void destroy_subtree(pte_t *table, int level, int entries)
{
  if (level == 0) {
    if (!leaf_table_empty(table))
      panic("pt_destroy: a leaf is still mapped in table %p", (void *)table);
    free_table(table);
    return;
  }
  for (int i = next_valid(table, 0, entries); i < entries; i = next_valid(table, i + 1, entries)) {
    if (pte_is_leaf(table[i]))
      panic("pt_destroy: leaf %lx still mapped at level %d index %d",
            (unsigned long)table[i], level, i);
    destroy_subtree(pa_to_kva(pte_pa(table[i])), level - 1, PT_ENTRIES);
  }
  free_table(table);
}

void pt_destroy(pte_t *root)
{
  destroy_subtree(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX);
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
    pte_t *next = pa_to_kva(pte_pa(table[i]));
    int r = level == 1 ? fn(next, va, arg)
                       : leaf_tables_below(next, level - 1, PT_ENTRIES, va, fn, arg);
    if (r)
      return r;
  }
  return 0;
}

int pt_for_each_leaf_table(pte_t *root, pt_table_fn fn, void *arg)
{
  return leaf_tables_below(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX, 0, fn, arg);
}

struct leaf_walk {
  pt_leaf_fn fn;
  void *arg;
};

static int each_leaf_in_table(pte_t *table, vaddr_t base, void *arg)
{
  struct leaf_walk *w = arg;
  for (int i = 0; i < PT_ENTRIES; i++) {
    if (!(table[i] & PTE_V))
      continue;
    int r = w->fn(&table[i], base + ((vaddr_t)i << PAGE_SHIFT), w->arg);
    if (r)
      return r;
  }
  return 0;
}

int pt_for_each_user_leaf(pte_t *root, pt_leaf_fn fn, void *arg)
{
  struct leaf_walk w = { fn, arg };
  return pt_for_each_leaf_table(root, each_leaf_in_table, &w);
}

/* fn on `table` and every table below it (its first `entries` entries). */
static void tables_below(pte_t *table, int level, int entries,
                         void (*fn)(pte_t *, void *), void *arg)
{
  fn(table, arg);
  if (level == 0)
    return;
  for (int i = 0; i < entries; i++)
    if (pte_valid(table[i]) && !pte_is_leaf(table[i]))
      tables_below(pa_to_kva(pte_pa(table[i])), level - 1, PT_ENTRIES, fn, arg);
}

void pt_for_each_user_table(pte_t *root, void (*fn)(pte_t *table, void *arg), void *arg)
{
  tables_below(root, PT_LEVELS - 1, PT_FIRST_KERNEL_INDEX, fn, arg);
}
