/* Sv39 page-table entries and their accessors. Call sites use these
 * helpers rather than bit operations, so every PTE rule lives here. */
#ifndef MM_PTE_H
#define MM_PTE_H

#include "lib/types.h"
#include "arch/riscv/addr.h"

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
/* RSW bit 8 of a leaf: the program may write this page. PTE_W is the
 * hardware's permission; while it is clear on a PTE_SW_WRITE page the page
 * is copy-on-write (shared, or not yet made writable again). Keeping the
 * program's permission in its own bit lets fork write-protect a whole leaf
 * table by clearing W in every entry, with no test per entry. */
#define PTE_SW_WRITE (1UL << 8)
/* RSW bit 8 of a level-1 (non-leaf) entry: the leaf table it points to
 * holds no writable entry, so fork may share it without a pass over its
 * 512 entries (mm/cow_table.c). The MMU ignores RSW bits at every level. */
#define PTE_TABLE_NO_WRITE (1UL << 8)

#define PTE_PERM_MASK (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G)
#define PTE_FLAG_MASK 0x3ffUL
#define PTE_PPN_SHIFT 10

#define PT_LEVELS        3
#define PT_ENTRIES       512
#define PT_INDEX_BITS    9
#define PT_LEVEL_SHIFT(level) (PAGE_SHIFT + PT_INDEX_BITS * (level))
#define PT_LEVEL_SIZE(level)  (1UL << PT_LEVEL_SHIFT(level))
#define PT_INDEX(va, level)   (((va) >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1))
#define PT_FIRST_KERNEL_INDEX 256 /* root entries from here map the high half */

static inline bool pte_valid(pte_t p)    { return p & PTE_V; }
static inline bool pte_is_leaf(pte_t p)  { return p & (PTE_R | PTE_W | PTE_X); }
/* A valid non-leaf entry: it points to the next level's table. */
static inline bool pte_is_table(pte_t p) { return (p & (PTE_V | PTE_R | PTE_W | PTE_X)) == PTE_V; }
static inline bool pte_user(pte_t p)     { return p & PTE_U; }
static inline bool pte_readable(pte_t p) { return p & PTE_R; }
static inline bool pte_writable(pte_t p) { return p & PTE_W; }
static inline bool pte_executable(pte_t p) { return p & PTE_X; }
/* A copy-on-write page: writable for the program, not for the MMU. */
static inline bool pte_is_cow(pte_t p)   { return (p & (PTE_SW_WRITE | PTE_W)) == PTE_SW_WRITE; }
static inline paddr_t pte_pa(pte_t p)    { return pa_make((p >> PTE_PPN_SHIFT) << PAGE_SHIFT); }
static inline uint64_t pte_flags(pte_t p) { return p & PTE_FLAG_MASK; }

/* True if none of the PTE_GROUP (8) entries at t is valid: the table loops
 * skip empty stretches 8 entries at a time (most of an upper-level table,
 * and of a small program's leaf tables, is empty). */
#define PTE_GROUP 8
static inline bool pte_group_empty(const pte_t *t)
{
  return !((t[0] | t[1] | t[2] | t[3] | t[4] | t[5] | t[6] | t[7]) & PTE_V);
}

/* A leaf mapping of `pa` with `perm`; A and D are preset so hardware that
 * faults on clear A/D bits never does. */
static inline pte_t pte_make_leaf(paddr_t pa, uint64_t perm)
{
  return ((pa_raw(pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT) | perm | PTE_V | PTE_A | PTE_D;
}

static inline pte_t pte_make_table(paddr_t table_pa)
{
  return ((pa_raw(table_pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
}

/* The table a non-leaf entry points to, through the direct map. */
static inline pte_t *pte_table(pte_t p)
{
  return (pte_t *)pa_to_kva(pte_pa(p));
}

static inline bool pte_table_no_write(pte_t p) { return p & PTE_TABLE_NO_WRITE; }

/* Copy-on-write transitions. */
static inline pte_t pte_mkcow(pte_t p)   { return p & ~PTE_W; }
static inline pte_t pte_mkwrite(pte_t p) { return p | PTE_W | PTE_D; }
static inline pte_t pte_with_pa(pte_t p, paddr_t pa)
{
  return pte_make_leaf(pa, 0) | pte_flags(p);
}

#endif
