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
/* Take one more reference. The frame must be allocated. */
void frame_get(paddr_t pa);
/* Drop a reference; frees the frame at zero. Returns true if it was freed.
 * Dropping a reference to a free frame is a kernel bug (panics). */
bool frame_put(paddr_t pa);
/* Dropping many references at once (tearing down an address space): frames
 * whose count reaches zero collect in the batch and go back to the free
 * list under one lock acquisition in frame_batch_release(). */
struct frame_batch {
  struct free_frame *first, *last;
  size_t count;
};
void frame_put_batched(paddr_t pa, struct frame_batch *batch);
void frame_batch_release(struct frame_batch *batch);

/* Current reference count, and kind. */
uint32_t frame_refcount(paddr_t pa);
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
/* Bracket fork's page copy/share and COW resolution (interrupts off). */
void frame_cow_section_enter(void);
void frame_cow_section_leave(void);

#endif
