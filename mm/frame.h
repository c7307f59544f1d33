/* Physical frame allocator with per-frame reference counts.
 *
 * Every frame of RAM has one 32-bit metadata word (0.1% of RAM): a
 * reference count in the low bits and the frame's kind in the top bits.
 * Counts change only by atomic operations, so taking and dropping
 * references needs no lock; the free list has its own spinlock.
 *
 * Invariant: a user frame's count equals the number of PTEs that map it
 * (plus transient kernel holds); a free frame's count is 0. */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include "lib/types.h"
#include "arch/riscv/fdt.h"
#include "arch/riscv/cpu.h"

enum frame_kind {
  FRAME_FREE = 0,
  FRAME_KERNEL = 1,   /* page tables, kernel stacks, pipe buffers */
  FRAME_USER = 2,     /* mapped into user address spaces */
  FRAME_RESERVED = 3, /* firmware, kernel image, DTB, this metadata */
};

/* Take all RAM in `plat` except the reserved ranges and [image_start, image_end). */
void frame_init(const struct platform *plat, paddr_t image_start, paddr_t image_end);

/* A frame with count 1, or 0 if none is free. Contents are undefined. */
paddr_t frame_alloc(enum frame_kind kind);
/* As frame_alloc, filled with zeros. */
paddr_t frame_alloc_zeroed(enum frame_kind kind);
/* As frame_alloc, but never failed by fault injection (for the kernel's
 * own checking tools, which must work while failures are injected). */
paddr_t frame_alloc_uninjected(enum frame_kind kind);
/* Drop a reference; frees the frame at zero. Returns true if it was freed.
 * Dropping a reference to a free frame is a kernel bug (panics).
 * frame_put() is inline below. */
/* Dropping many references at once (tearing down an address space): frames
 * whose count reaches zero collect in the batch and go back to the free
 * list under one lock acquisition in frame_batch_release(). */
struct frame_batch {
  struct free_frame *first, *last;
  size_t count;
};
void frame_batch_release(struct frame_batch *batch);

/* Current kind; the reference count is frame_refcount(), inline below. */
enum frame_kind frame_kind(paddr_t pa);
/* Is `pa` a frame this allocator manages? */
bool frame_is_managed(paddr_t pa);

/* [*lo, *hi): the physical span that holds every managed frame. */
void frame_managed_span(paddr_t *lo, paddr_t *hi);

size_t frames_free(void);
size_t frames_total(void);   /* managed frames: RAM minus reserved */
size_t frame_meta_bytes(void);

/* Fault injection: every Nth allocation fails; 0 disables. With
 * `cow_paths_only`, only allocations made inside a fork/COW section (below)
 * count, so failures land exactly on the paths COW must get right. */
void frame_set_fail_every(uint64_t n, bool cow_paths_only);
/* Bracket fork's page copy/share and COW resolution (interrupts off):
 * frame_cow_section_enter() / frame_cow_section_leave(), inline below. */

/* ---- Inline fast paths -------------------------------------------------
 * Fork takes, and exit drops, one reference per page: these run a few
 * instructions each with no call. Everything unusual (another RAM region,
 * a bad address, a count at 0 or 1) goes out of line into frame.c. */

#define FRAME_COUNT_MASK 0x0fffffffU
#define FRAME_KIND_SHIFT 28

struct frame_region_fast {
  paddr_t base;
  uint64_t bytes;
  uint32_t *meta;
};
extern struct frame_region_fast frame_first_region; /* written once at boot */

/* Out of line: the metadata of a frame outside the first region (panics
 * for a non-frame address); a refcount bug; the last reference going. */
uint32_t *frame_meta_slow(paddr_t pa, const char *who);
void frame_get_failed(paddr_t pa, uint32_t old) __attribute__((noreturn));
void frame_put_slow(paddr_t pa, uint32_t *meta, uint32_t old, struct frame_batch *batch);

/* `r` is frame_first_region or a local copy of it: a loop over a page
 * table passes a copy so the compiler can keep it in registers. */
static inline uint32_t *frame_meta_in(const struct frame_region_fast *r, paddr_t pa,
                                      const char *who)
{
  uint64_t offset = pa - r->base;
  if (__builtin_expect(offset < r->bytes && !(pa & (PAGE_SIZE - 1)), 1))
    return &r->meta[offset >> PAGE_SHIFT];
  return frame_meta_slow(pa, who);
}

static inline uint32_t *frame_meta(paddr_t pa, const char *who)
{
  return frame_meta_in(&frame_first_region, pa, who);
}

/* Take one more reference. The frame must be allocated. */
static inline void frame_get_in(const struct frame_region_fast *r, paddr_t pa)
{
  uint32_t old = __atomic_fetch_add(frame_meta_in(r, pa, "frame_get"), 1, __ATOMIC_RELAXED);
  if (__builtin_expect((old & FRAME_COUNT_MASK) - 1 >= FRAME_COUNT_MASK - 1, 0))
    frame_get_failed(pa, old); /* the count was 0 (a free frame) or full */
}

static inline void frame_get(paddr_t pa)
{
  frame_get_in(&frame_first_region, pa);
}

/* Drop a reference; a frame whose count reaches 0 joins `batch`. */
static inline void frame_put_batched_in(const struct frame_region_fast *r, paddr_t pa,
                                        struct frame_batch *batch)
{
  uint32_t *m = frame_meta_in(r, pa, "frame_put");
  uint32_t old = __atomic_fetch_sub(m, 1, __ATOMIC_RELEASE);
  if (__builtin_expect((old & FRAME_COUNT_MASK) > 1 &&
                       (old >> FRAME_KIND_SHIFT) != FRAME_RESERVED, 1))
    return;
  frame_put_slow(pa, m, old, batch);
}

static inline void frame_put_batched(paddr_t pa, struct frame_batch *batch)
{
  frame_put_batched_in(&frame_first_region, pa, batch);
}

/* Current reference count. Acquire: a sharer that dropped its reference
 * after reading the page has finished reading it (COW's reuse relies on it). */
static inline uint32_t frame_refcount(paddr_t pa)
{
  return __atomic_load_n(frame_meta(pa, "frame_refcount"), __ATOMIC_ACQUIRE) & FRAME_COUNT_MASK;
}

static inline void frame_cow_section_enter(void)
{
  this_cpu()->cow_section_depth++;
}

static inline void frame_cow_section_leave(void)
{
  this_cpu()->cow_section_depth--;
}

static inline bool frame_put(paddr_t pa)
{
  uint32_t *m = frame_meta(pa, "frame_put");
  uint32_t old = __atomic_fetch_sub(m, 1, __ATOMIC_RELEASE);
  if (__builtin_expect((old & FRAME_COUNT_MASK) > 1 &&
                       (old >> FRAME_KIND_SHIFT) != FRAME_RESERVED, 1))
    return false;
  frame_put_slow(pa, m, old, NULL);
  return true;
}

#endif
