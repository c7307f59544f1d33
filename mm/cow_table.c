/* Copy-on-write of leaf page tables: share at fork, copy at the first
 * change, free with the last holder. The rules are in mm/cow_table.h.
 *
 * Why the "ours alone" test in cow_table_own is not a check-then-act race
 * (the same argument as for pages in mm/cow.c): a table's count goes up
 * only at a fork of an address space that points at it. When this address
 * space, under its own vm lock, sees a count of 1, no other address space
 * points at the table, so no other fork can raise the count; another
 * holder can only have gone. Its reference went with a release, and the
 * count is read with an acquire, so its hart had finished with the table's
 * entries before this one changes them. Its MMU may still hold
 * translations from the table, but a hart flushes its whole TLB before it
 * next runs user code (every switch to an address space does), and the
 * kernel never reads user memory through the MMU.
 *
 * Order in the copy path: allocate, copy the entries and take their
 * references, install the copy, flush, then drop the reference on the
 * shared table. Dropping first would let the last other holder free the
 * table (and frames it alone held) while this hart can still walk it. */
#include "mm/cow_table.h"
#include "mm/cow.h"
#include "mm/failpoint.h"
#include "mm/frame_internal.h"
#include "mm/pagetable.h"
#include "arch/riscv/csr.h"

/* Make every writable page of a table a COW page (fork, first time):
 * clearing W is all it takes (PTE_SW_WRITE keeps the program's right), so
 * no entry is tested: a load, an and, a store. */
static void write_protect(pte_t *table)
{
  for (int i = 0; i < PT_ENTRIES; i += 4) {
    table[i] &= ~PTE_W;
    table[i + 1] &= ~PTE_W;
    table[i + 2] &= ~PTE_W;
    table[i + 3] &= ~PTE_W;
  }
}

void cow_table_share(pte_t *parent_entry, pte_t *child_entry)
{
  pte_t *table = pte_table(*parent_entry);
  if (!pte_table_no_write(*parent_entry)) {
    /* Unmarked means private (marks are cleared only by cow_table_own),
     * so the pass may change the entries in place. */
    write_protect(table);
    *parent_entry |= PTE_TABLE_NO_WRITE;
  }
  frame_get(kva_to_pa(table));
  *child_entry = *parent_entry;
  cow_count(&cow_stats.tables_shared);
}

void cow_table_free_last_hold(pte_t *table, struct frame_batch *batch)
{
  const struct frame_cursor frames = frame_cursor_open();
  for (int i = 0; i < PT_ENTRIES; i += PTE_GROUP) {
    if (pte_group_empty(&table[i]))
      continue; /* most tables of small programs are nearly empty */
    for (int j = i; j < i + PTE_GROUP; j++)
      if (pte_valid(table[j]))
        frame_cursor_put(&frames, pte_pa(table[j]), batch);
  }
  pt_table_free(table);
}

/* A private copy of a shared table: every entry, and a reference on every
 * frame mapped. NULL when out of memory. */
static pte_t *copy_table(const pte_t *shared)
{
  if (failpoint_fail(FAIL_COW_ALLOC))
    return NULL;
  pte_t *copy = pt_table_alloc(false); /* every entry is written below */
  if (!copy)
    return NULL;
  const struct frame_cursor frames = frame_cursor_open();
  for (int i = 0; i < PT_ENTRIES; i += PTE_GROUP) {
    pte_t any = 0;
#pragma GCC unroll 8
    for (int j = i; j < i + PTE_GROUP; j++)
      any |= copy[j] = shared[j];
    if (!(any & PTE_V))
      continue; /* most tables of small programs are nearly empty */
    for (int j = i; j < i + PTE_GROUP; j++)
      if (pte_valid(copy[j]))
        frame_cursor_get(&frames, pte_pa(copy[j]));
  }
  return copy;
}

pte_t *cow_table_unshare(pte_t *entry)
{
  pte_t *table = pte_table(*entry);
  pte_t *copy = copy_table(table);
  if (!copy)
    return NULL;
  *entry = pte_make_table(kva_to_pa(copy));
  sfence_vma_all(); /* a non-leaf entry changed: an address fence is not enough */
  cow_table_release(table, NULL);
  cow_count(&cow_stats.tables_unshared);
  return copy;
}
