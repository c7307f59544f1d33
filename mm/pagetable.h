/* Sv39 page tables: walk, map, unmap, translate, destroy.
 *
 * A page table is named by its root (a kernel pointer to 512 PTEs). Table
 * frames are FRAME_KERNEL frames from mm/frame.c. Bad input - an unaligned
 * or non-canonical address, a remap, no memory - is an error code, never a
 * panic: these functions sit directly under system calls.
 * Callers serialize changes to one page table (the address-space lock). */
#ifndef MM_PAGETABLE_H
#define MM_PAGETABLE_H

#include "lib/types.h"
#include "mm/pte.h"
#include "arch/riscv/addr.h"
#include "uapi/layout.h"

/* True if va is a canonical Sv39 address (bits 63..38 all equal). */
bool va_is_canonical(vaddr_t va);

/* True if va is in user space: the low half, below USER_VA_LIMIT. */
static inline bool va_is_user(vaddr_t va)
{
  return va < USER_VA_LIMIT;
}

/* One step of every walk: the table that entry `level` of `table` points
 * to for va, or NULL if that entry is not a table (invalid, or a leaf). */
static inline pte_t *pt_descend(const pte_t *table, vaddr_t va, int level)
{
  pte_t e = table[PT_INDEX(va, level)];
  return pte_is_table(e) ? (pte_t *)pa_to_kva(pte_pa(e)) : NULL;
}

/* A table frame (any level; zero-filled if `zeroed`), counted in
 * pt_frames_in_use(), or NULL when out of memory. */
pte_t *pt_table_alloc(bool zeroed);
/* Drop the kernel's reference to a table frame from pt_table_alloc. */
void pt_table_free(pte_t *table);

/* A new, empty root table, or NULL when out of memory. */
pte_t *pt_create(void);
/* A new root sharing the kernel's high half (entries 256..511) with `kernel_root`. */
pte_t *pt_create_user(const pte_t *kernel_root);

/* The leaf PTE slot for `va`, allocating intermediate tables if `alloc`.
 * Returns NULL if va is not canonical, if a table is missing and !alloc,
 * if a huge mapping covers va, or if allocation fails. */
pte_t *pt_walk(pte_t *root, vaddr_t va, bool alloc);
/* The PTE slot for va at `level` (0: the leaf, 1: the entry pointing at
 * the leaf table), creating the tables above it if `alloc`. Returns 0 and
 * sets *slot, or -EINVAL (not canonical), -ENOENT (a table is missing and
 * !alloc), -EEXIST (a huge page covers va), or -ENOMEM. */
int pt_walk_to(pte_t *root, vaddr_t va, int level, bool alloc, pte_t **slot);
/* Is `perm` a valid leaf permission: PTE_R/W/X/U/G (+PTE_SW_WRITE), R or X set? */
bool pt_perm_ok(uint64_t perm);
/* True if no entry of a level-0 table is valid (runs for every table an
 * exiting process or a shrinking heap leaves: it ORs 4 entries at a time). */
bool pt_leaf_table_empty(const pte_t *table);


/* Map one 4 KiB page. perm: PTE_R/W/X/U/G (+PTE_SW_WRITE); at least one of R/X.
 * Returns 0, -EINVAL (alignment, canonical, perm), -EEXIST, or -ENOMEM. */
int pt_map(pte_t *root, vaddr_t va, paddr_t pa, uint64_t perm);
/* Map [va, va+size) to [pa, pa+size) with the largest pages alignment
 * allows (2 MiB or 4 KiB). For the kernel's own tables. Same errors. */
int pt_map_range(pte_t *root, vaddr_t va, paddr_t pa, uint64_t size, uint64_t perm);
/* Remove the 4 KiB mapping of va; *old_pa gets the frame it mapped (may be
 * NULL). The caller flushes the TLB. Returns 0, -EINVAL, or -ENOENT. */
int pt_unmap(pte_t *root, vaddr_t va, paddr_t *old_pa);
/* Look up va: *pa gets the physical address of va itself (offset kept),
 * *flags the PTE flags (either may be NULL). Returns 0, -EINVAL or -ENOENT. */
int pt_translate(pte_t *root, vaddr_t va, paddr_t *pa, uint64_t *flags);
/* Free every table frame reachable from the user half of the root
 * (entries 0..255) and the root itself. The kernel half is shared and left
 * alone. Every leaf must already be unmapped and every leaf table private:
 * a leftover leaf would be a leaked frame, so it panics. */
void pt_destroy(pte_t *root);

/* Call fn(entry, base, arg) for every level-0 table of the user half:
 * `entry` is the level-1 entry that points at it (pte_table(*entry) is the
 * table; fn may change or clear the entry), base the address the table's
 * entry 0 maps. In address order; stops early as above. The fast way to
 * visit every page: fork and teardown use it. */
typedef int (*pt_table_fn)(pte_t *entry, vaddr_t base, void *arg);
int pt_for_each_leaf_table(pte_t *root, pt_table_fn fn, void *arg);
/* pt_destroy for a root whose leaf tables may still map pages or be
 * shared: each is handed to detach(entry, base, arg), which must take it
 * away (clear the entry and drop the table), in one walk with the rest. */
void pt_destroy_detaching(pte_t *root, pt_table_fn detach, void *arg);
/* Call fn(table) for the root and every level-1 table of the user half
 * (not the level-0 tables: pt_for_each_leaf_table visits those). */
void pt_for_each_upper_table(pte_t *root, void (*fn)(pte_t *table, void *arg), void *arg);

/* Frames used by page tables right now (all address spaces). */
size_t pt_frames_in_use(void);

/* The level-1 entry for a user address (the one that points at va's leaf
 * table, valid or not), or NULL if the level-1 table is missing. Inline for
 * the fault and copyin/copyout paths. */
static inline pte_t *pt_lookup_user_entry(pte_t *root, vaddr_t va)
{
  if (!va_is_user(va))
    return NULL;
  pte_t *level1 = pt_descend(root, va, PT_LEVELS - 1);
  return level1 ? &level1[PT_INDEX(va, 1)] : NULL;
}

/* The level-0 slot for va in the leaf table behind level-1 `entry` (as
 * pt_lookup_user_entry returns it), or NULL if there is no such table. */
static inline pte_t *pt_leaf_slot(pte_t *entry, vaddr_t va)
{
  return entry && pte_is_table(*entry) ? &pte_table(*entry)[PT_INDEX(va, 0)] : NULL;
}

/* The level-0 slot for a user address, or NULL if a table on the way is
 * missing: pt_walk(root, va, false) without the canonical-address checks.
 * Read it only: a leaf table may be shared with other address spaces, and
 * only mm/vm.c's own_leaf_slot() hands out slots that may be written. */
static inline pte_t *pt_lookup_user(pte_t *root, vaddr_t va)
{
  return pt_leaf_slot(pt_lookup_user_entry(root, va), va);
}

#endif
