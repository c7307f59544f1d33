/* Copy-on-write, the heart of cowkernel: the fork policy (share or copy
 * each page) and the resolution of a write to a shared page.
 *
 * Marking: every page the program may write carries the software bit
 * PTE_SW_WRITE; a COW page is one with that bit and W clear. Only such
 * pages become COW; read-only pages (program text) are simply shared,
 * never COW.
 *
 * Counting: a frame mapped by N leaf page tables has reference count N
 * (a leaf table shared by several address spaces - mm/cow_table.c - counts
 * once). Fork by pages adds one per shared page; each resolution or unmap
 * drops one.
 *
 * Why the reuse check is not a check-then-act race: the count can only go
 * up through frame_get() by someone who already holds a reference to the
 * frame (fork of a process that maps it, a copy of a shared table that
 * maps it). The slot is in a table private to this address space (the
 * caller made it so: cow_table_own), so when this mapping - held under its
 * vm lock - sees a count of 1, it is the only holder, so nobody else can
 * raise the count; others can only have dropped theirs. When it sees
 * more than 1 and copies, the old reference is dropped with an atomic
 * decrement afterwards, and whoever takes a count to 0 frees the frame -
 * exactly once, even if every other sharer drops its reference meanwhile.
 *
 * Order in the copy path: allocate, copy, install the new PTE, flush, then
 * drop the old reference. Dropping first would let another hart free and
 * reuse the old frame while we are still copying from it. */
#include "mm/cow.h"
#include "mm/frame_internal.h"
#include "mm/failpoint.h"
#include "arch/riscv/addr.h"
#include "arch/riscv/csr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

struct cow_stats cow_stats;

/* A frame for a page copy made by fork or a COW resolution: the paths the
 * "failcow" fail point targets. */
static paddr_t alloc_copy_frame(void)
{
  return failpoint_fail(FAIL_COW_ALLOC) ? PA_NULL : frame_alloc(FRAME_USER);
}

/* Copy-on-write policy: share every page of the table with the child. */
static void share_table(pte_t *parent, pte_t *child)
{
  const struct frame_cursor frames = frame_cursor_open();
  uint64_t shared = 0;
  for (int i = 0; i < PT_ENTRIES; i++) {
    pte_t pte = parent[i];
    if (!pte_valid(pte))
      continue;
    ASSERT(pte_user(pte));
    if (pte_writable(pte)) {
      pte = pte_mkcow(pte);
      parent[i] = pte; /* only here: a shared parent table has no W entry */
    }
    frame_cursor_get(&frames, pte_pa(pte));
    child[i] = pte;
    shared++;
  }
  __atomic_add_fetch(&cow_stats.fork_shared, shared, __ATOMIC_RELAXED);
}

/* Eager policy (cow=off): the child gets its own copy of every page.
 * Returns 0 or -ENOMEM (the pages copied so far stay in the child). */
static int copy_table(pte_t *parent, pte_t *child)
{
  for (int i = 0; i < PT_ENTRIES; i++) {
    if (!pte_valid(parent[i]))
      continue;
    paddr_t copy = alloc_copy_frame();
    if (pa_is_null(copy))
      return -ENOMEM;
    page_copy(pa_to_kva(copy), pa_to_kva(pte_pa(parent[i])));
    child[i] = pte_with_pa(parent[i], copy);
    cow_count(&cow_stats.fork_copied);
  }
  return 0;
}

int cow_fork_table(pte_t *parent, pte_t *child, enum fork_policy policy)
{
  if (policy == FORK_EAGER_COPY)
    return copy_table(parent, child);
  share_table(parent, child);
  return 0;
}

/* wp_page_reuse: ours alone, so writing in place is invisible to others. */
static void reuse_page(pte_t *slot, vaddr_t va)
{
  *slot = pte_mkwrite(*slot);
  sfence_vma_addr(va);
  cow_count(&cow_stats.reuses);
}

/* wp_page_copy: give this mapping its own copy of the shared frame. */
static int copy_page(pte_t *slot, vaddr_t va)
{
  paddr_t old = pte_pa(*slot);
  paddr_t copy = alloc_copy_frame();
  if (pa_is_null(copy))
    return -ENOMEM;
  page_copy(pa_to_kva(copy), pa_to_kva(old));
  *slot = pte_mkwrite(pte_with_pa(*slot, copy));
  sfence_vma_addr(va);
  const struct frame_cursor frames = frame_cursor_open();
  frame_cursor_put(&frames, old, NULL);
  cow_count(&cow_stats.copies);
  return 0;
}

int cow_resolve_write(pte_t *slot, vaddr_t va)
{
  ASSERT(pte_is_cow(*slot) && !pte_writable(*slot));
  cow_count(&cow_stats.faults);
  const struct frame_cursor frames = frame_cursor_open();
  uint32_t refs = frame_cursor_count(&frames, pte_pa(*slot));
  ASSERT(refs > 0);
  if (refs == 1) {
    reuse_page(slot, va);
    return 0;
  }
  return copy_page(slot, va);
}
