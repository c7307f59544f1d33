/* Physical frame allocator: per-frame atomic reference counts and a free
 * list threaded through the free frames themselves (via the direct map).
 *
 * Free frames live in three places: a small cache per hart
 * (mm/frame_cache.c), which serves single allocations and frees without
 * a shared lock, the global free list, and the fresh part of each region
 * (never handed out yet).
 *
 * Locks: free_lock guards the free list; it is a leaf of the lock order
 * (docs/architecture.md): nothing is taken while holding it. A hart's
 * cache lock comes before it.
 * Reference counts are never protected by a lock: every change is a single
 * atomic read-modify-write, and the one that takes a count from 1 to 0 is
 * the only one that frees the frame.
 *
 * Poisoning (COWKERNEL_FRAME_POISON, on in the default build): a freed
 * frame is filled with POISON_BYTE and marked FRAME_POISONED; allocating it
 * checks the pattern first, so a write through a stale reference to a
 * freed frame (a COW use-after-free) panics at the next allocation instead
 * of corrupting whoever gets the frame. */
#include "mm/frame_internal.h"
#include "mm/failpoint.h"
#include "arch/riscv/addr.h"
#include "lib/spinlock.h"
#include "lib/panic.h"
#include "lib/string.h"

#define META_COUNT_MASK FRAME_COUNT_MASK
#define META_KIND_SHIFT FRAME_KIND_SHIFT

#ifdef COWKERNEL_FRAME_POISON
static const bool poison_frames = true;
#else
static const bool poison_frames = false;
#endif
#define POISON_BYTE  0x6b
#define POISON_WORD  0x6b6b6b6b6b6b6b6bUL

struct region {
  paddr_t base;
  size_t nframes;
  uint32_t *meta;     /* one word per frame */
  size_t fresh;       /* free_lock: every unreserved frame at this index or
                         above has never been handed out */
};


static struct region regions[PLATFORM_MAX_RAM];
static int region_count;
static size_t managed_frames;
static size_t meta_bytes;

static struct spinlock free_lock = SPINLOCK_INIT("frames");
static struct free_frame *free_list;   /* guarded by free_lock */
static size_t free_count;              /* atomic: free frames, on the list,
                                          in the per-hart caches or fresh */

/* The first region, copied into every cursor (frame_internal.h). */
struct frame_cursor frame_first_region;

static enum frame_kind kind_of(uint32_t meta)
{
  return (meta >> META_KIND_SHIFT) & FRAME_KIND_MASK;
}

/* The metadata word of `pa`, or NULL if no region holds it. */
static uint32_t *meta_of(paddr_t pa)
{
  for (int i = 0; i < region_count; i++) {
    struct region *r = &regions[i];
    uint64_t offset = pa_offset_from(pa, r->base);
    if (offset < r->nframes * PAGE_SIZE)
      return &r->meta[offset >> PAGE_SHIFT];
  }
  return NULL;
}

uint32_t *frame_meta_slow(paddr_t pa, const char *who)
{
  uint32_t *m = meta_of(pa);
  if (!m || !pa_is_page_aligned(pa))
    panic("%s: %p is not a managed frame", who, (void *)pa_raw(pa));
  return m;
}

static uint32_t *meta_of_checked(paddr_t pa, const char *who)
{
  return frame_cursor_meta(&frame_first_region, pa, who);
}

static bool range_overlaps(paddr_t a, uint64_t alen, paddr_t b, uint64_t blen)
{
  return pa_lt(a, pa_add(b, blen)) && pa_lt(b, pa_add(a, alen));
}

static bool frame_reserved(const struct platform *plat, paddr_t pa,
                           paddr_t lowest_free)
{
  if (pa_lt(pa, lowest_free))
    return true;
  for (int i = 0; i < plat->reserved_count; i++)
    if (range_overlaps(pa, PAGE_SIZE, plat->reserved[i].base, plat->reserved[i].size))
      return true;
  return false;
}

void frame_list_give(struct free_frame *first, struct free_frame *last)
{
  spin_lock(&free_lock);
  last->next = free_list;
  free_list = first;
  spin_unlock(&free_lock);
}

/* The lowest never-used frame of any region, or NULL if none is left.
 * Caller holds free_lock. Frames start out here rather than on the free
 * list, so that boot writes only their metadata: putting every frame on
 * the list would write into each one (14 GiB of pages on a 16 GiB machine,
 * which the host must then back). */
static struct free_frame *take_fresh(void)
{
  for (int i = 0; i < region_count; i++) {
    struct region *r = &regions[i];
    while (r->fresh < r->nframes) {
      size_t f = r->fresh++;
      if (kind_of(r->meta[f]) != FRAME_RESERVED)
        return pa_to_kva(pa_add(r->base, f * PAGE_SIZE));
    }
  }
  return NULL;
}

size_t frame_list_take(struct free_frame **chain, size_t want)
{
  size_t got = 0;
  *chain = NULL;
  spin_lock(&free_lock);
  while (got < want) {
    struct free_frame *f = free_list;
    if (f)
      free_list = f->next;
    else if (!(f = take_fresh()))
      break;
    f->next = *chain;
    *chain = f;
    got++;
  }
  spin_unlock(&free_lock);
  return got;
}

/* Lay the metadata array right after the kernel image (in its region) and
 * mark what is reserved; every other frame is free, handed out first from
 * the fresh part of its region (take_fresh), later from the free list. RAM
 * below the image belongs to the firmware. */
void frame_init(const struct platform *plat, paddr_t image_start, paddr_t image_end)
{
  size_t total = 0;
  for (int i = 0; i < plat->ram_count; i++)
    total += plat->ram[i].size >> PAGE_SHIFT;
  meta_bytes = PAGE_ROUND_UP(total * sizeof(uint32_t));
  uint32_t *meta = pa_to_kva(image_end);
  paddr_t lowest_free = pa_add(image_end, meta_bytes);

  for (int i = 0; i < plat->ram_count; i++) {
    struct region *r = &regions[region_count++];
    r->base = pa_page_round_up(plat->ram[i].base);
    r->nframes = plat->ram[i].size >> PAGE_SHIFT;
    r->meta = meta;
    meta += r->nframes;
  }
  frame_first_region = (struct frame_cursor){
    regions[0].base, regions[0].nframes * PAGE_SIZE, regions[0].meta };
  for (int i = 0; i < region_count; i++) {
    struct region *r = &regions[i];
    bool holds_image = pa_offset_from(image_start, r->base) < r->nframes * PAGE_SIZE;
    for (size_t f = 0; f < r->nframes; f++) {
      paddr_t pa = pa_add(r->base, f * PAGE_SIZE);
      if (frame_reserved(plat, pa, holds_image ? lowest_free : PA_NULL)) {
        r->meta[f] = (uint32_t)FRAME_RESERVED << META_KIND_SHIFT | 1;
      } else {
        r->meta[f] = 0;
        managed_frames++;
      }
    }
  }
  __atomic_store_n(&free_count, managed_frames, __ATOMIC_RELAXED);
}

/* Fill a frame being freed with the poison pattern. */
static void poison(struct free_frame *f)
{
  uint64_t *w = (uint64_t *)f;
  for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
    w[i] = POISON_WORD;
}

/* A frame leaving the free list: every word but the free-list link must
 * still hold the pattern. */
static void check_poison(paddr_t pa)
{
  const uint64_t *w = pa_to_kva(pa);
  for (size_t i = 1; i < PAGE_SIZE / sizeof(*w); i++)
    if (w[i] != POISON_WORD)
      panic("frame_alloc: frame %p was written after it was freed "
            "(offset %lu holds %lx)", (void *)pa_raw(pa), (unsigned long)(i * sizeof(*w)),
            (unsigned long)w[i]);
}

/* Pop a frame off the free list and give it `kind` and a count of 1. */
static inline __attribute__((always_inline)) paddr_t take_free_frame(enum frame_kind kind)
{
  struct free_frame *f = frame_cache_take();
  if (!f)
    return PA_NULL;
  __atomic_sub_fetch(&free_count, 1, __ATOMIC_RELAXED);
  paddr_t pa = kva_to_pa(f);
  uint32_t *m = meta_of_checked(pa, "frame_alloc");
  uint32_t meta = __atomic_load_n(m, __ATOMIC_RELAXED);
  if (meta & ~FRAME_POISONED)
    panic("frame_alloc: free-list frame %p has metadata %x", (void *)pa_raw(pa), meta);
  if (meta & FRAME_POISONED)
    check_poison(pa);
  __atomic_store_n(m, (uint32_t)kind << META_KIND_SHIFT | 1, __ATOMIC_RELAXED);
  return pa;
}

paddr_t frame_alloc(enum frame_kind kind)
{
  if (failpoint_fail(FAIL_FRAME_ALLOC))
    return PA_NULL;
  return take_free_frame(kind);
}

paddr_t frame_alloc_uninjected(enum frame_kind kind)
{
  return take_free_frame(kind);
}

paddr_t frame_alloc_zeroed(enum frame_kind kind)
{
  paddr_t pa = frame_alloc(kind);
  if (!pa_is_null(pa))
    page_zero(pa_to_kva(pa));
  return pa;
}

void frame_get_failed(paddr_t pa, uint32_t old)
{
  if ((old & META_COUNT_MASK) == 0)
    panic("frame_get: frame %p is free", (void *)pa_raw(pa));
  panic("frame_get: frame %p count overflow", (void *)pa_raw(pa));
}

/* The rare cases of dropping a reference: a bug, or the last reference.
 * The caller's decrement is a release (every write made through a dropped
 * reference comes before it); the acquire fence here pairs with them, so
 * whoever frees sees all of it, and the free-list push comes after. With no
 * batch, the frame is freed at once. */
void frame_put_slow(paddr_t pa, uint32_t *m, uint32_t old, struct frame_batch *batch)
{
  uint32_t count = old & META_COUNT_MASK;
  if (count == 0)
    panic("frame_put: frame %p is already free (double free)", (void *)pa_raw(pa));
  if (kind_of(old) == FRAME_RESERVED)
    panic("frame_put: frame %p is reserved", (void *)pa_raw(pa));
  if (count > 1)
    return;
  /* The decrement was a release; the last one also acquires, so every
   * access made through the other references happens before the reuse. */
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  struct free_frame *f = pa_to_kva(pa);
  if (poison_frames)
    poison(f);
  __atomic_store_n(m, poison_frames ? FRAME_POISONED : 0, __ATOMIC_RELAXED);
  __atomic_add_fetch(&free_count, 1, __ATOMIC_RELAXED);
  if (!batch) {
    frame_cache_give(f);
    return;
  }
  f->next = batch->first;
  if (!batch->first)
    batch->last = f;
  batch->first = f;
  batch->count++;
}

void frame_batch_release(struct frame_batch *batch)
{
  if (batch->count)
    frame_list_give(batch->first, batch->last);
  *batch = (struct frame_batch){0};
}

enum frame_kind frame_kind(paddr_t pa)
{
  return kind_of(__atomic_load_n(meta_of_checked(pa, "frame_kind"), __ATOMIC_RELAXED));
}

bool frame_is_managed(paddr_t pa)
{
  uint32_t *m = meta_of(pa);
  return m && kind_of(*m) != FRAME_RESERVED;
}

void frame_get(paddr_t pa)
{
  frame_cursor_get(&frame_first_region, pa);
}

bool frame_put(paddr_t pa)
{
  return frame_cursor_put(&frame_first_region, pa, NULL);
}

/* A compare-and-swap loop rather than a decrement: the kind must change
 * in the same step as the count (see frame.h). The last reference goes
 * through frame_put_slow like any other. */
bool frame_file_release(paddr_t pa)
{
  uint32_t *m = meta_of_checked(pa, "frame_file_release");
  uint32_t old = __atomic_load_n(m, __ATOMIC_RELAXED);
  for (;;) {
    if (kind_of(old) != FRAME_FILE || (old & META_COUNT_MASK) == 0)
      panic("frame_file_release: frame %p is not a held file frame (%x)",
            (void *)pa_raw(pa), old);
    if ((old & META_COUNT_MASK) == 1)
      return frame_put(pa); /* nobody maps it: freed as a file frame */
    uint32_t new = (uint32_t)FRAME_USER << META_KIND_SHIFT | ((old & META_COUNT_MASK) - 1);
    if (__atomic_compare_exchange_n(m, &old, new, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
      return false;
  }
}

uint32_t frame_refcount(paddr_t pa)
{
  return frame_cursor_count(&frame_first_region, pa);
}

void frame_managed_span(paddr_t *lo, paddr_t *hi)
{
  *lo = pa_make(~0UL);
  *hi = PA_NULL;
  for (int i = 0; i < region_count; i++) {
    paddr_t base = regions[i].base, end = pa_add(base, regions[i].nframes * PAGE_SIZE);
    if (pa_lt(base, *lo))
      *lo = base;
    if (pa_lt(*hi, end))
      *hi = end;
  }
}

size_t frames_free(void)   { return __atomic_load_n(&free_count, __ATOMIC_RELAXED); }
size_t frames_total(void)  { return managed_frames; }
size_t frame_meta_bytes(void) { return meta_bytes; }

