/* User address spaces.
 *
 * A vm_space is one process's Sv39 page table plus the layout facts the
 * fault handler needs: the program image [USER_TEXT_BASE, heap_start), the
 * heap [heap_start, brk) and the stack [USTACK_BOTTOM, USTACK_TOP). Heap and
 * stack pages that are not mapped yet are demand-zero: the first touch maps
 * a zeroed frame (that is how lazy sbrk works). Anything else is a fault.
 *
 * Locking: vm->lock guards the page table and every field below it (its
 * place in the lock order: docs/architecture.md). */
#ifndef MM_VM_H
#define MM_VM_H

#include "lib/types.h"
#include "lib/spinlock.h"
#include "mm/pte.h"

struct vm_space {
  struct spinlock lock;
  bool in_use;            /* vm pool lock (mm/vm.c) */
  pte_t *root;            /* lock; NULL once torn down */
  vaddr_t heap_start;     /* lock: end of the program image, page aligned */
  vaddr_t brk;            /* lock: current break (sbrk), >= heap_start */
};

enum vm_access {
  VM_READ,
  VM_WRITE,
  VM_EXEC,
};

/* What a fault (or a kernel access to user memory) came to. */
enum vm_fault_result {
  VM_FAULT_OK,          /* the access may proceed now */
  VM_FAULT_BAD_ACCESS,  /* not allowed: the process is killed (or -EFAULT) */
  VM_FAULT_OOM,         /* allowed, but no memory to make it possible */
};

/* How fork gives the child the parent's pages (the cow= boot word). */
enum fork_policy {
  FORK_SHARE_TABLES, /* cow=table, the default: share each leaf table
                        copy-on-write (mm/cow_table.c) */
  FORK_SHARE_PAGES,  /* cow=page: share each page copy-on-write (mm/cow.c) */
  FORK_EAGER_COPY,   /* cow=off: copy every page (the baseline) */
};

/* A new, empty user address space, or NULL when out of memory. */
struct vm_space *vm_create(void);
/* Unmap everything, drop every frame reference, free the tables. */
void vm_destroy(struct vm_space *vm);

/* Map [va, va+len) as fresh zeroed pages with `perm` (PTE_R/W/X, PTE_U is
 * added). Returns 0, -EINVAL, -EEXIST or -ENOMEM (pages mapped so far stay;
 * vm_destroy() reclaims them). */
int vm_map_zeroed(struct vm_space *vm, vaddr_t va, size_t len, uint64_t perm);
/* Map one fresh page at `va` (page aligned) with `perm` (PTE_U is added),
 * holding `len` bytes of `data` at offset `offset` and zeros elsewhere
 * (exec loads programs this way). Returns 0, -EINVAL, -EEXIST or -ENOMEM. */
int vm_map_page(struct vm_space *vm, vaddr_t va, uint64_t perm, size_t offset,
                const void *data, size_t len);

/* Map the existing frame `pa` at `va` (page aligned), shared: take one
 * reference on it for this address space's leaf table. A `perm` with PTE_W
 * is installed copy-on-write (PTE_SW_WRITE, W clear), so a write copies
 * the page and the frame itself is never written through this mapping
 * (exec maps program pages from the file this way: docs/cow.md). The
 * caller keeps `pa` alive meanwhile (the inode's lock holds it).
 * Returns 0, -EINVAL, -EEXIST or -ENOMEM (a leaf table). */
int vm_map_frame(struct vm_space *vm, vaddr_t va, paddr_t pa, uint64_t perm);

/* Change the break by `delta` bytes. Growing with `lazy` only moves the
 * break (demand-zero); otherwise pages are mapped now. Shrinking unmaps and
 * frees. Returns the old break, or a negative errno (nothing changed). */
int64_t vm_sbrk(struct vm_space *vm, int64_t delta, bool lazy);

/* Resolve a user page fault or a kernel access to user memory at `va`:
 * demand-zero fill, COW resolution, or nothing if another path already
 * made the access possible. Every fix-up that maps or upgrades a PTE is
 * followed by sfence.vma of va on this hart. */
enum vm_fault_result vm_fault(struct vm_space *vm, vaddr_t va, enum vm_access access);

/* Fill `child` (empty, from vm_create) with the parent's pages according to
 * `policy`. Returns 0 or -ENOMEM; on failure the child holds whatever was
 * done so far and the caller vm_destroy()s it. The parent is untouched on
 * failure except for pages already write-protected for COW. */
int vm_fork(struct vm_space *parent, struct vm_space *child, enum fork_policy policy);

/* Check the frame/PTE invariants over every address space (mm/vmcheck.c):
 * each user frame's reference count equals the PTEs mapping it, every
 * mapped frame is a user frame, every table frame is accounted for.
 * Prints each violation; returns how many were found (>= 0), or -ENOMEM
 * if it could not get the memory for its tally (nothing was checked).
 * Exact only while no other hart is changing address spaces; it locks
 * every vm while counting. */
int vm_check_invariants(void);

/* Make `vm` this hart's address space (satp + TLB flush). */
void vm_activate(struct vm_space *vm);
/* Back to the kernel-only page table. */
void vm_deactivate(void);

#endif
