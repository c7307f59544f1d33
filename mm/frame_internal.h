/* The frame allocator's internals, for mm/ only: the metadata word, the
 * reference cursor of the hot loops, batched frees, and what the invariant
 * checker needs. Nothing outside mm/ includes this (tools/check-layering).
 *
 * Each frame's metadata is one 32-bit word: the reference count in the low
 * FRAME_COUNT_BITS, the kind above it (three bits: bits 28-30), and
 * FRAME_POISONED (bit 31), which marks a free frame whose contents are the
 * poison pattern (debug builds). */
#ifndef MM_FRAME_INTERNAL_H
#define MM_FRAME_INTERNAL_H

#include "mm/frame.h"

#define FRAME_COUNT_MASK 0x0fffffffU
#define FRAME_KIND_SHIFT 28
#define FRAME_KIND_MASK  0x7U
#define FRAME_POISONED   (1U << 31)
_Static_assert(FRAME_FILE <= FRAME_KIND_MASK, "every kind fits its bits");
_Static_assert(((FRAME_KIND_MASK << FRAME_KIND_SHIFT) & FRAME_POISONED) == 0,
               "the kind bits stay clear of FRAME_POISONED");

/* A cursor for loops that take or drop many references (fork shares a
 * whole leaf table, teardown drops one): a private copy of where the
 * metadata of the first RAM region is, which the compiler can keep in
 * registers across the loop's atomic operations. Frames of any other
 * region still work, out of line. */
struct frame_cursor {
  paddr_t base;
  uint64_t bytes;
  uint32_t *meta;
};

/* Frames freed together: returned to the free list under one lock
 * acquisition by frame_batch_release(). Start with (struct frame_batch){0}. */
struct frame_batch {
  struct free_frame *first, *last;
  size_t count;
};

/* The first region, written once by frame_init(). */
extern struct frame_cursor frame_first_region;

/* A cursor for a loop: a copy of frame_first_region, so that the compiler
 * may keep it in registers (it must reload a global after every atomic). */
static inline struct frame_cursor frame_cursor_open(void)
{
  return frame_first_region;
}
/* Out of line: the metadata of a frame outside the first region (panics
 * for a non-frame address), a failed get, and the last reference going. */
uint32_t *frame_meta_slow(paddr_t pa, const char *who);
void frame_get_failed(paddr_t pa, uint32_t old) __attribute__((noreturn));
void frame_put_slow(paddr_t pa, uint32_t *meta, uint32_t old, struct frame_batch *batch);

static inline uint32_t *frame_cursor_meta(const struct frame_cursor *c, paddr_t pa,
                                          const char *who)
{
  uint64_t offset = pa_offset_from(pa, c->base);
  if (__builtin_expect(offset < c->bytes && pa_is_page_aligned(pa), 1))
    return &c->meta[offset >> PAGE_SHIFT];
  return frame_meta_slow(pa, who);
}

/* frame_get() through a cursor. */
static inline void frame_cursor_get(const struct frame_cursor *c, paddr_t pa)
{
  uint32_t old = __atomic_fetch_add(frame_cursor_meta(c, pa, "frame_get"), 1, __ATOMIC_RELAXED);
  if (__builtin_expect((old & FRAME_COUNT_MASK) - 1 >= FRAME_COUNT_MASK - 1, 0))
    frame_get_failed(pa, old); /* the count was 0 (a free frame) or full */
}

/* frame_put() through a cursor: a frame whose count reaches 0 joins
 * `batch` (freed at once if batch is NULL). Returns true if it did. */
static inline bool frame_cursor_put(const struct frame_cursor *c, paddr_t pa,
                                    struct frame_batch *batch)
{
  uint32_t *m = frame_cursor_meta(c, pa, "frame_put");
  uint32_t old = __atomic_fetch_sub(m, 1, __ATOMIC_RELEASE);
  /* Without masking the kind: FRAME_POISONED is only ever set with a count
   * of 0, which the count test already sends to the slow path. */
  if (__builtin_expect((old & FRAME_COUNT_MASK) > 1 &&
                       (old >> FRAME_KIND_SHIFT) != FRAME_RESERVED, 1))
    return false;
  frame_put_slow(pa, m, old, batch);
  return (old & FRAME_COUNT_MASK) == 1;
}

/* frame_refcount() through a cursor. */
static inline uint32_t frame_cursor_count(const struct frame_cursor *c, paddr_t pa)
{
  return __atomic_load_n(frame_cursor_meta(c, pa, "frame_refcount"), __ATOMIC_ACQUIRE) &
         FRAME_COUNT_MASK;
}

void frame_batch_release(struct frame_batch *batch);

/* A free frame, linked through its first word (poisoned frames keep the
 * pattern in every other word). */
struct free_frame {
  struct free_frame *next;
};

/* The global free list (mm/frame.c), for the per-hart caches: take up to
 * `want` free frames as a chain (from the list, then never-used frames);
 * returns how many. Give back a chain first..last. Counts (free_count)
 * are the callers' business: these only move frames. */
size_t frame_list_take(struct free_frame **chain, size_t want);
void frame_list_give(struct free_frame *first, struct free_frame *last);

/* The per-hart frame caches (mm/frame_cache.c). take: a free frame, from
 * this hart's cache (refilled from the list when empty; the other harts'
 * caches are emptied before it gives up), or NULL if there is none at all.
 * give: a freed frame into this hart's cache (the whole cache goes back
 * to the list when it is full). */
struct free_frame *frame_cache_take(void);
void frame_cache_give(struct free_frame *f);

/* Drop one reference unless it is the last: returns true if others still
 * hold the frame (the count went down by one), false if the caller's is
 * the only reference (the count stays 1 and the caller owns the frame: it
 * must empty it and frame_put() it itself). For a frame that owns other
 * references - a shared leaf page table owns one on each frame it maps -
 * so that the last holder can drop those before the frame is freed. The
 * acquire on the last-holder answer orders the other holders' earlier
 * reads of the frame before the caller reuses it. */
static inline bool frame_cursor_put_if_shared(const struct frame_cursor *c, paddr_t pa)
{
  uint32_t *m = frame_cursor_meta(c, pa, "frame_put_if_shared");
  uint32_t old = __atomic_load_n(m, __ATOMIC_RELAXED);
  while ((old & FRAME_COUNT_MASK) > 1)
    if (__atomic_compare_exchange_n(m, &old, old - 1, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
      return true;
  if (__builtin_expect((old & FRAME_COUNT_MASK) == 0, 0))
    frame_get_failed(pa, old); /* a hold on a free frame: a kernel bug */
  __atomic_thread_fence(__ATOMIC_ACQUIRE); /* the others' releases, before our reuse */
  return false;
}

/* As frame_alloc, but never failed by fault injection: the invariant
 * checker must work while failures are injected. */
paddr_t frame_alloc_uninjected(enum frame_kind kind);
/* Is `pa` a frame this allocator manages (not reserved)? */
bool frame_is_managed(paddr_t pa);
/* [*lo, *hi): the physical span that holds every managed frame. */
void frame_managed_span(paddr_t *lo, paddr_t *hi);

#endif
