/* Copy-on-write: the two decisions COW makes, in one place.
 * Fork shares (or, with cow=off, copies) pages one leaf table at a time
 * (cow_fork_table); a write to a shared page resolves it
 * (cow_resolve_write), from a page fault and from copyout alike. */
#ifndef MM_COW_H
#define MM_COW_H

#include "lib/types.h"
#include "mm/pte.h"
#include "mm/vm.h"

/* Counters reported by memstat (all atomic, only growing). */
struct cow_stats {
  uint64_t faults;       /* writes that found a COW page */
  uint64_t copies;       /* resolved by copying */
  uint64_t reuses;       /* resolved by making the last reference writable */
  uint64_t fork_shared;  /* pages shared at fork */
  uint64_t fork_copied;  /* pages copied at fork (eager policy) */
  uint64_t tables_shared;   /* leaf tables shared at fork (mm/cow_table.c) */
  uint64_t tables_unshared; /* shared leaf tables copied at a first change */
  uint64_t exec_mapped;  /* program pages exec mapped from file frames (proc/exec.c) */
  uint64_t exec_copied;  /* program pages exec filled into fresh frames (proc/exec.c) */
};

extern struct cow_stats cow_stats;

/* One more event in a cow_stats counter. */
static inline void cow_count(uint64_t *counter)
{
  __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

/* Fork, one level-0 table at a time: give the child (`child`, an empty
 * table for the same 2 MiB) every page mapped by `parent` (512 entries).
 *  => FORK_SHARE_PAGES: share each page. Writable pages become read-only
 *     + COW in both; read-only pages stay read-only. One frame reference
 *     per page for the child. The caller flushes the parent's TLB after.
 *  => FORK_EAGER_COPY: each page is copied into a new frame.
 * The caller holds both address-space locks. Returns 0, or -ENOMEM (eager
 * copy only; the pages copied so far are in the child, which the caller
 * destroys). */
int cow_fork_table(pte_t *parent, pte_t *child, enum fork_policy policy);

/* A write hit the COW page at *slot (mapping va in the current hart's
 * address space or an inactive one). Caller holds the vm lock, and the
 * slot is in a leaf table private to that address space (cow_table_own).
 *  => last reference: the page is made writable in place (reuse);
 *  => shared: a new frame gets a copy, the PTE is switched to it and
 *     flushed, and only then the old reference is dropped.
 * Returns 0, or -ENOMEM (nothing changed). */
int cow_resolve_write(pte_t *slot, vaddr_t va);

#endif
