/* Copy-on-write at the level of leaf page tables (fork policy cow=table).
 *
 * At fork, the child's level-1 entry for each 2 MiB of user space points at
 * the parent's level-0 table itself, and the table frame's reference count
 * says how many address spaces point at it. Sv39 non-leaf entries carry no
 * permissions, so a shared table holds no writable entry: fork first turns
 * its writable pages into COW pages, in the table.
 *
 * Invariants (mm/vmcheck.c checks them):
 *  - a leaf table's count is the number of level-1 entries pointing at it;
 *  - a frame's count is the number of leaf tables mapping it, each table
 *    counted once however many address spaces share it;
 *  - a table with count > 1 holds no writable entry, and every level-1
 *    entry pointing at it carries PTE_TABLE_NO_WRITE;
 *  - a table is never changed in place while its count is above 1: another
 *    hart's MMU may be walking it for another address space.
 *
 * Callers hold the vm lock of the address space whose entry they pass. */
#ifndef MM_COW_TABLE_H
#define MM_COW_TABLE_H

#include "lib/types.h"
#include "mm/pte.h"
#include "mm/frame_internal.h"
#include "arch/riscv/csr.h"

struct frame_batch;

/* Fork: point the child's level-1 entry `child_entry` (invalid now) at the
 * leaf table behind the parent's `parent_entry`, taking one reference on
 * the table. A table not yet marked PTE_TABLE_NO_WRITE gets one pass that
 * write-protects its writable pages (COW) first; the caller flushes the
 * parent's TLB after the whole fork. Needs no memory. */
void cow_table_share(pte_t *parent_entry, pte_t *child_entry);

/* The out-of-line halves of the inline functions below: the copy of a
 * shared table (cow_table_own), and the last holder's release of a table
 * (cow_table_release: drop the table's reference on each frame it maps,
 * into `batch` or at once if NULL, then free the table). Out of line so
 * that the fault path and every exit run only the few instructions of the
 * common case. */
pte_t *cow_table_unshare(pte_t *entry);
void cow_table_free_last_hold(pte_t *table, struct frame_batch *batch);

/* Make the leaf table behind the valid level-1 `entry` private to the
 * caller's address space before it changes any of its entries, and clear
 * PTE_TABLE_NO_WRITE (the caller may write a writable entry):
 *  => the table is ours alone (count 1): it is returned as it is;
 *  => it is shared: a copy is made (one reference taken on every frame it
 *     maps), installed in `entry`, the TLB flushed, and only then the
 *     reference to the shared table dropped.
 * Returns the private table, or NULL when out of memory (also the "failcow"
 * fail point): then nothing changed and the shared table is intact. */
static inline pte_t *cow_table_own(pte_t *entry)
{
  pte_t *table = pte_table(*entry);
  const struct frame_cursor frames = frame_cursor_open();
  if (frame_cursor_count(&frames, kva_to_pa(table)) != 1)
    return cow_table_unshare(entry);
  *entry &= ~PTE_TABLE_NO_WRITE;
  return table;
}

/* Drop an address space's reference to `table`; the last holder drops the
 * table's references to its frames and frees it. */
static inline void cow_table_release(pte_t *table, struct frame_batch *batch)
{
  const struct frame_cursor frames = frame_cursor_open();
  if (!frame_cursor_put_if_shared(&frames, kva_to_pa(table)))
    cow_table_free_last_hold(table, batch);
}

/* Detach the leaf table behind the valid level-1 `entry`: clear the entry,
 * flush the TLB, then drop the reference (cow_table_release). */
static inline void cow_table_drop(pte_t *entry, struct frame_batch *batch)
{
  pte_t *table = pte_table(*entry);
  *entry = 0;
  sfence_vma_all();
  cow_table_release(table, batch);
}

#endif
