/* Copy-on-write: the two decisions COW makes, in one place.
 * Fork shares pages (cow_share_page); a write to a shared page resolves it
 * (cow_resolve_write), from a page fault and from copyout alike. */
#ifndef MM_COW_H
#define MM_COW_H

#include "lib/types.h"
#include "mm/pte.h"

/* Counters reported by memstat (all atomic, only growing). */
struct cow_stats {
  uint64_t faults;       /* writes that found a COW page */
  uint64_t copies;       /* resolved by copying */
  uint64_t reuses;       /* resolved by making the last reference writable */
  uint64_t fork_shared;  /* pages shared at fork */
  uint64_t fork_copied;  /* pages copied at fork (eager policy) */
};

extern struct cow_stats cow_stats;

/* Fork, one level-0 table at a time: share every page mapped by `parent`
 * (512 entries) with the child by writing the same index of `child`.
 * Writable pages become read-only + COW in both; read-only pages stay
 * read-only. Takes one frame reference per page for the child. The caller
 * holds both address-space locks and flushes the parent's TLB afterwards. */
void cow_share_table(pte_t *parent, pte_t *child);

/* A write hit the COW page at *slot (mapping va in the current hart's
 * address space or an inactive one). Caller holds the vm lock.
 *  => last reference: the page is made writable in place (reuse);
 *  => shared: a new frame gets a copy, the PTE is switched to it and
 *     flushed, and only then the old reference is dropped.
 * Returns 0, or -ENOMEM (nothing changed). */
int cow_resolve_write(pte_t *slot, vaddr_t va);

#endif
