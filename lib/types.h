/* Basic kernel types. Freestanding: only the compiler's own headers. */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A physical address. A struct, not an integer, so that the compiler
 * rejects a physical address where a virtual address, an integer or a
 * pointer is expected, and the reverse: every crossing is one of the named
 * conversions below (or pa_to_kva/kva_to_pa in arch/riscv/addr.h). It costs
 * next to nothing: the RISC-V psABI passes and returns a struct of one
 * XLEN-sized member in a register, exactly like the integer, so no memory
 * traffic is added (GCC 12 only lays out the blocks of a few functions a
 * little differently: about one instruction more per page fault). */
typedef struct { uint64_t raw; } paddr_t;
typedef uint64_t vaddr_t; /* a virtual address (user or kernel) */

#define PAGE_SIZE  4096UL
#define PAGE_SHIFT 12
#define PAGE_ROUND_DOWN(a) ((a) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(a)   (((a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define IS_PAGE_ALIGNED(a) (((a) & (PAGE_SIZE - 1)) == 0)

/* Physical-address helpers: all the arithmetic a physical address needs.
 * Code outside this header does not touch .raw; sizes and offsets stay
 * plain integers (uint64_t). */

/* "No frame": what frame_alloc returns when it has none. Physical address 0
 * is never RAM on the machines we run on. */
#define PA_NULL ((paddr_t){ 0 })

/* The explicit conversions between an integer and a physical address: for
 * the FDT, PTEs, SBI calls, satp, and printing. */
static inline paddr_t pa_make(uint64_t raw) { return (paddr_t){ raw }; }
static inline uint64_t pa_raw(paddr_t pa)   { return pa.raw; }

static inline bool pa_is_null(paddr_t pa)      { return pa.raw == 0; }
static inline bool pa_eq(paddr_t a, paddr_t b) { return a.raw == b.raw; }
static inline bool pa_lt(paddr_t a, paddr_t b) { return a.raw < b.raw; }

/* pa moved forward by `bytes`. */
static inline paddr_t pa_add(paddr_t pa, uint64_t bytes)
{
  return (paddr_t){ pa.raw + bytes };
}

/* The byte offset of pa from base. Unsigned: if pa is below base the result
 * wraps to a huge value, so `pa_offset_from(pa, base) < size` is the whole
 * test for pa in [base, base + size). */
static inline uint64_t pa_offset_from(paddr_t pa, paddr_t base)
{
  return pa.raw - base.raw;
}

/* `align` is a power of two (a page, a 2 MiB huge page). */
static inline bool pa_is_aligned(paddr_t pa, uint64_t align)
{
  return (pa.raw & (align - 1)) == 0;
}

static inline bool pa_is_page_aligned(paddr_t pa)    { return IS_PAGE_ALIGNED(pa.raw); }
static inline paddr_t pa_page_round_down(paddr_t pa) { return pa_make(PAGE_ROUND_DOWN(pa.raw)); }
static inline paddr_t pa_page_round_up(paddr_t pa)   { return pa_make(PAGE_ROUND_UP(pa.raw)); }

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
