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

/* A new, empty root table, or NULL when out of memory. */
pte_t *pt_create(void);
/* A new root sharing the kernel's high half (entries 256..511) with `kernel_root`. */
pte_t *pt_create_user(const pte_t *kernel_root);

/* The leaf PTE slot for `va`, allocating intermediate tables if `alloc`.
 * Returns NULL if va is not canonical, if a table is missing and !alloc,
 * if a huge mapping covers va, or if allocation fails. */
pte_t *pt_walk(pte_t *root, vaddr_t va, bool alloc);


/* Map one 4 KiB page. perm: PTE_R/W/X/U/G (+PTE_COW); at least one of R/X.
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
 * alone. Every leaf must already be unmapped: a leftover leaf would be a
 * leaked frame, so it panics. */
void pt_destroy(pte_t *root);

/* Call fn(slot, va, arg) for every valid leaf in the user half, in address
 * order; stops early and returns fn's value if fn returns non-zero. fn may
 * change or clear *slot. */
typedef int (*pt_leaf_fn)(pte_t *slot, vaddr_t va, void *arg);
int pt_for_each_user_leaf(pte_t *root, pt_leaf_fn fn, void *arg);
/* Call fn(table, base, arg) for every level-0 table of the user half (base:
 * the address its entry 0 maps), in address order; stops early as above.
 * The fast way to visit every page: fork and teardown use it. */
typedef int (*pt_table_fn)(pte_t *table, vaddr_t base, void *arg);
int pt_for_each_leaf_table(pte_t *root, pt_table_fn fn, void *arg);
/* Call fn(table) for every table frame of the user half, root included. */
void pt_for_each_user_table(pte_t *root, void (*fn)(pte_t *table, void *arg), void *arg);

/* Frames used by page tables right now (all address spaces). */
size_t pt_frames_in_use(void);

/* The level-0 slot for a user address, or NULL if a table on the way is
 * missing: pt_walk(root, va, false) without the canonical-address checks,
 * inline for the fault and copyin/copyout paths. */
static inline pte_t *pt_lookup_user(pte_t *root, vaddr_t va)
{
  if (!va_is_user(va))
    return NULL;
  pte_t *table = root;
  for (int level = PT_LEVELS - 1; level > 0 && table; level--)
    table = pt_descend(table, va, level);
  return table ? &table[PT_INDEX(va, 0)] : NULL;
}

#endif
