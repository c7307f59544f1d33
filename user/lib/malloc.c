/* malloc/free: the classic first-fit allocator with a circular free list
 * sorted by address, growing the heap with sbrk(). Blocks are measured in
 * 16-byte units (one header), so every pointer handed out is 16-byte
 * aligned. Freed blocks merge with free neighbours; memory is never
 * returned to the kernel. */
#include "user/user.h"

union header {
  struct {
    union header *next;  /* next free block (free blocks only) */
    unsigned long units; /* size of this block, header included */
  } h;
} __attribute__((aligned(16)));

typedef union header Header;

#define MIN_GROW_UNITS 1024 /* ask sbrk for at least 16 KiB at a time */
#define MAX_BYTES 0x7fff0000UL /* sbrk takes an int */

static Header base;          /* zero-sized block that anchors the list */
static Header *freep;        /* where the last search stopped */

/* Puts block bp back on the free list, merging it with an adjacent free
 * block on either side. */
void free(void *ap)
{
  if (ap == 0)
    return;
  Header *bp = (Header *)ap - 1;
  Header *p = freep;
  /* find p with p < bp < p->next, allowing for the wrap at the list's end */
  while (!(bp > p && bp < p->h.next)) {
    if (p >= p->h.next && (bp > p || bp < p->h.next))
      break;
    p = p->h.next;
  }
  if (bp + bp->h.units == p->h.next) {
    bp->h.units += p->h.next->h.units;
    bp->h.next = p->h.next->h.next;
  } else {
    bp->h.next = p->h.next;
  }
  if (p + p->h.units == bp) {
    p->h.units += bp->h.units;
    p->h.next = bp->h.next;
  } else {
    p->h.next = bp;
  }
  freep = p;
}

/* Moves the break up to a 16-byte boundary: the kernel may leave it right
 * after the program's bss. Returns 0, or -1 if sbrk fails. */
static int align_break(void)
{
  unsigned long brk = (unsigned long)sbrk(0);
  unsigned long misalign = brk % sizeof(Header);
  if (misalign != 0 && sbrk(sizeof(Header) - misalign) == SBRK_ERROR)
    return -1;
  return 0;
}

/* Grows the heap by at least units and frees the new block into the list.
 * Returns the list position to resume searching from, or 0 if sbrk fails. */
static Header *grow(unsigned long units)
{
  if (units < MIN_GROW_UNITS)
    units = MIN_GROW_UNITS;
  if (units * sizeof(Header) > MAX_BYTES)
    return 0;
  if (align_break() < 0)
    return 0;
  char *mem = sbrk(units * sizeof(Header));
  if (mem == SBRK_ERROR)
    return 0;
  Header *hp = (Header *)mem;
  hp->h.units = units;
  free(hp + 1);
  return freep;
}

/* Returns n bytes of 16-byte-aligned memory, or 0 when the heap cannot
 * grow. The contents are not cleared. */
void *malloc(uint n)
{
  unsigned long units = ((unsigned long)n + sizeof(Header) - 1) / sizeof(Header) + 1;
  if (freep == 0) {
    base.h.next = freep = &base;
    base.h.units = 0;
  }
  Header *prev = freep;
  for (Header *p = prev->h.next;; prev = p, p = p->h.next) {
    if (p->h.units >= units) {
      if (p->h.units == units) {
        prev->h.next = p->h.next;
      } else {
        /* hand out the tail so the free block stays in place */
        p->h.units -= units;
        p += p->h.units;
        p->h.units = units;
      }
      freep = prev;
      return p + 1;
    }
    if (p == freep && (p = grow(units)) == 0)
      return 0;
  }
}
