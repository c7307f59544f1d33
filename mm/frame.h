/* Physical frames with reference counts: the allocator's contract.
 *
 * Every frame of RAM has a reference count and a kind. A frame comes from
 * frame_alloc() with count 1; frame_get() adds a reference, frame_put()
 * drops one, and the put that takes the count to 0 frees the frame. Counts
 * change only by atomic operations: taking and dropping references needs
 * no lock.
 *
 * Invariant: a user frame's count equals the number of PTEs that map it
 * (plus transient kernel holds); a free frame's count is 0 (mm/vmcheck.c
 * checks it). A file frame (FRAME_FILE) is held once by its inode, plus
 * once per leaf table that maps it (exec maps program pages from the file:
 * docs/cow.md, "File-backed pages"); when the inode lets go of a frame that
 * is still mapped, frame_file_release() makes it a user frame, owned by
 * its mappings alone. Loops that take or drop many references (fork,
 * teardown) use the cursor in mm/frame_internal.h, private to mm/. */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include "lib/types.h"
#include "arch/riscv/fdt.h"

enum frame_kind {
  FRAME_FREE = 0,
  FRAME_KERNEL = 1,   /* page tables, kernel stacks, pipe buffers */
  FRAME_USER = 2,     /* mapped into user address spaces */
  FRAME_RESERVED = 3, /* firmware, kernel image, DTB, this metadata */
  FRAME_FILE = 4,     /* the file system's inodes and file pages (fs/) */
};

/* Boot: take all RAM in `plat` except its reserved ranges and the kernel
 * image [image_start, image_end); the metadata goes right after the image. */
void frame_init(const struct platform *plat, paddr_t image_start, paddr_t image_end);

/* A frame of `kind` with count 1, or PA_NULL if none is free (or the
 * "failalloc" fail point fired: mm/failpoint.h). Contents are undefined. */
paddr_t frame_alloc(enum frame_kind kind);
/* As frame_alloc, filled with zeros. */
paddr_t frame_alloc_zeroed(enum frame_kind kind);

/* Take one more reference to an allocated frame.
 * => panics if the frame is free or not a managed frame (a kernel bug). */
void frame_get(paddr_t pa);
/* Drop a reference. Returns true if it was the last one and the frame is
 * free now.
 * => panics on a free frame (double free) or a reserved one. */
bool frame_put(paddr_t pa);
/* The file system lets go of its hold on FRAME_FILE frame `pa`, in one
 * atomic step: if that was the last reference, the frame is freed (returns
 * true); if leaf tables still map it, it becomes a FRAME_USER frame with
 * one reference fewer (returns false), so that it is counted like any
 * other user frame from now on and a COW write may reuse it in place. One
 * step, so the invariant checker never sees a file frame without its hold
 * or a user frame with an extra reference.
 * Caller holds the inode's lock, or nobody can reach the inode: the count
 * then only falls (exec takes its references under that lock).
 * => panics if the frame is not a FRAME_FILE frame (a kernel bug). */
bool frame_file_release(paddr_t pa);
/* The current count. Acquire: a sharer that dropped its reference after
 * reading the page has finished reading it (COW's reuse relies on it). */
uint32_t frame_refcount(paddr_t pa);
/* The frame's kind. */
enum frame_kind frame_kind(paddr_t pa);

/* Statistics. */
size_t frames_free(void);
size_t frames_total(void);     /* managed frames: RAM minus reserved */
size_t frame_meta_bytes(void); /* metadata: at most 0.1% of RAM */

#endif
