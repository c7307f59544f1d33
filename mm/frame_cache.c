/* Per-hart frame caches: a small stack of free frames per hart, so that
 * the common single allocation and free (a COW copy, a page-table page, a
 * page freed by sbrk or a fault) take no lock and touch nothing another
 * hart uses. A cache is refilled from the global list FRAME_CACHE_BATCH
 * frames at a time, under one acquisition of the list's lock, and given
 * back to it whole when it grows past FRAME_CACHE_MAX.
 *
 * Only a hart itself pushes onto its cache or pops from it, with
 * interrupts off (so the thread cannot move to another hart meanwhile).
 * Other harts may only take a whole cache at once, with an atomic
 * exchange, and only when the global list is empty: so that no free frame
 * is out of reach while memory runs out. A pop is a compare-and-swap of
 * the top; it cannot suffer ABA because nobody but the popping hart
 * itself can put a frame back on its cache while it pops, and a steal
 * leaves the top NULL. A thief's frame may be handed out and written
 * while the owner, in a pop that is about to fail, reads its link word:
 * a harmless read of a page through the direct map.
 *
 * Frames in a cache are free: count 0, poisoned when poisoning is on, and
 * counted by frames_free(); the invariant checker and the leak checks see
 * them as any other free frame.
 *
 * Locks: none of its own; a refill or a give-back takes free_lock
 * (mm/frame.c). */
#include "mm/frame_internal.h"
#include "arch/riscv/cpu.h"
#include "arch/riscv/csr.h"

#define FRAME_CACHE_MAX   32   /* frames a cache may hold */
#define FRAME_CACHE_BATCH 16   /* frames taken per refill */

struct frame_cache {
  struct free_frame *top;   /* atomic */
  size_t count;             /* the owner's: at least the frames held */
};

static struct frame_cache caches[NCPU];

/* Pop this hart's top frame; NULL if the cache is empty. Interrupts off. */
static struct free_frame *pop(struct frame_cache *c)
{
  struct free_frame *f = __atomic_load_n(&c->top, __ATOMIC_ACQUIRE);
  while (f && !__atomic_compare_exchange_n(&c->top, &f, f->next, true, __ATOMIC_ACQUIRE,
                                           __ATOMIC_ACQUIRE))
    ;
  if (f)
    c->count--;
  else
    c->count = 0; /* stolen */
  return f;
}

/* The last frame of a chain. */
static struct free_frame *chain_end(struct free_frame *f)
{
  while (f->next)
    f = f->next;
  return f;
}

/* Every other source is empty: take a whole cache that has frames (this
 * hart's own included, if the thread moved), keep one frame and give the
 * rest to the list. */
static struct free_frame *steal(void)
{
  for (int i = 0; i < NCPU; i++) {
    struct free_frame *f = __atomic_exchange_n(&caches[i].top, NULL, __ATOMIC_ACQUIRE);
    if (!f)
      continue;
    if (f->next)
      frame_list_give(f->next, chain_end(f->next));
    return f;
  }
  return NULL;
}

struct free_frame *frame_cache_take(void)
{
  uint64_t irq = intr_save();
  struct frame_cache *c = &caches[this_cpu()->id];
  struct free_frame *f = pop(c);
  if (!f) {
    struct free_frame *chain;
    size_t got = frame_list_take(&chain, FRAME_CACHE_BATCH);
    if (got) {
      f = chain;
      /* Only this hart adds to its cache, and the cache is empty. */
      __atomic_store_n(&c->top, chain->next, __ATOMIC_RELEASE);
      c->count = got - 1;
    }
  }
  intr_restore(irq);
  return f ? f : steal();
}

void frame_cache_give(struct free_frame *f)
{
  uint64_t irq = intr_save();
  struct frame_cache *c = &caches[this_cpu()->id];
  struct free_frame *chain = NULL;
  f->next = __atomic_load_n(&c->top, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(&c->top, &f->next, f, true, __ATOMIC_RELEASE,
                                      __ATOMIC_RELAXED))
    ;
  if (++c->count > FRAME_CACHE_MAX) {
    chain = __atomic_exchange_n(&c->top, NULL, __ATOMIC_ACQUIRE);
    c->count = 0;
  }
  intr_restore(irq);
  if (chain)
    frame_list_give(chain, chain_end(chain));
}
