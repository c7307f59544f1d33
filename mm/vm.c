/* User address spaces: creation, teardown, sbrk, the fault handler and
 * fork's walk over the parent's leaf tables (the page policy is mm/cow.c's,
 * the table policy mm/cow_table.c's).
 *
 * Leaf tables may be shared with other address spaces (cow=table). Every
 * change to a leaf entry here goes through own_leaf_slot(), which makes the
 * table private first; reads may use pt_lookup_user() directly.
 *
 * Locks: vm_pool_lock, then vm->lock (several vm locks only in pool order:
 * vm_fork and the invariant checker); docs/architecture.md has the whole
 * order. */
#include "mm/vm.h"
#include "mm/vm_pool.h"
#include "mm/cow.h"
#include "mm/cow_table.h"
#include "mm/failpoint.h"
#include "mm/frame_internal.h"
#include "arch/riscv/addr.h"
#include "mm/kvm.h"
#include "mm/pagetable.h"
#include "arch/riscv/csr.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "uapi/layout.h"

struct spinlock vm_pool_lock = SPINLOCK_INIT("vm_pool");
struct vm_space vm_pool[VM_POOL_SIZE];

struct vm_space *vm_create(void)
{
  pte_t *root = pt_create_user(kvm_root());
  if (!root)
    return NULL;
  spin_lock(&vm_pool_lock);
  for (int i = 0; i < VM_POOL_SIZE; i++) {
    struct vm_space *vm = &vm_pool[i];
    if (vm->in_use)
      continue;
    spin_init(&vm->lock, "vm");
    vm->in_use = true;
    vm->root = root;
    vm->heap_start = vm->brk = USER_TEXT_BASE;
    spin_unlock(&vm_pool_lock);
    return vm;
  }
  spin_unlock(&vm_pool_lock);
  pt_destroy(root);
  return NULL;
}

static int drop_leaf_table(pte_t *entry, vaddr_t base, void *batch)
{
  cow_table_drop(entry, batch);
  return 0;
}

/* The frames go back under the vm lock, so the invariant checker never
 * sees a count without its mapping. */
void vm_destroy(struct vm_space *vm)
{
  struct frame_batch freed = {0};
  spin_lock(&vm->lock);
  pt_destroy_detaching(vm->root, drop_leaf_table, &freed);
  frame_batch_release(&freed);
  vm->root = NULL;
  spin_unlock(&vm->lock);
  spin_lock(&vm_pool_lock);
  vm->in_use = false;
  spin_unlock(&vm_pool_lock);
}

/* The one way to a leaf slot that may be written: the slot for user
 * address `va` in a leaf table private to `vm` (made so by
 * cow_table_own), creating the tables on the way if `alloc`. Returns NULL
 * and sets *err to -ENOENT (no table and !alloc) or -ENOMEM. Caller holds
 * vm->lock. */
static pte_t *own_leaf_slot(struct vm_space *vm, vaddr_t va, bool alloc, int *err)
{
  pte_t *entry, *table;
  *err = pt_walk_to(vm->root, va, 1, alloc, &entry);
  if (*err)
    return NULL;
  if (pte_is_table(*entry)) {
    table = cow_table_own(entry);
  } else if (alloc) {
    table = pt_table_alloc(true);
    if (table)
      *entry = pte_make_table(kva_to_pa(table));
  } else {
    *err = -ENOENT;
    return NULL;
  }
  if (!table)
    *err = -ENOMEM;
  return table ? &table[PT_INDEX(va, 0)] : NULL;
}

/* Map a fresh zeroed frame at va; *pa gets it. Caller holds vm->lock, so
 * the invariant checker never sees a user frame without its mapping. */
static int map_new_page(struct vm_space *vm, vaddr_t va, uint64_t perm, paddr_t *pa)
{
  perm |= PTE_U | (perm & PTE_W ? PTE_SW_WRITE : 0);
  if (!pt_perm_ok(perm))
    return -EINVAL;
  int err;
  pte_t *slot = own_leaf_slot(vm, va, true, &err);
  if (!slot)
    return err;
  if (pte_valid(*slot))
    return -EEXIST;
  *pa = frame_alloc_zeroed(FRAME_USER);
  if (pa_is_null(*pa))
    return -ENOMEM;
  *slot = pte_make_leaf(*pa, perm);
  return 0;
}

static int map_zero_page(struct vm_space *vm, vaddr_t va, uint64_t perm)
{
  paddr_t pa;
  return map_new_page(vm, va, perm, &pa);
}

/* Is [va, va+len) a page-aligned range inside user space? */
static bool user_range_ok(vaddr_t va, size_t len)
{
  return IS_PAGE_ALIGNED(va) && va + len >= va && va_is_user(va) &&
         va + len <= USER_VA_LIMIT;
}

int vm_map_page(struct vm_space *vm, vaddr_t va, uint64_t perm, size_t offset,
                const void *data, size_t len)
{
  if (!user_range_ok(va, PAGE_SIZE) || offset > PAGE_SIZE || len > PAGE_SIZE - offset)
    return -EINVAL;
  paddr_t pa;
  spin_lock(&vm->lock);
  int err = map_new_page(vm, va, perm, &pa);
  if (!err && len)
    memcpy((uint8_t *)pa_to_kva(pa) + offset, data, len);
  spin_unlock(&vm->lock);
  return err;
}

int vm_map_frame(struct vm_space *vm, vaddr_t va, paddr_t pa, uint64_t perm)
{
  perm |= PTE_U | (perm & PTE_W ? PTE_SW_WRITE : 0);
  if (!user_range_ok(va, PAGE_SIZE) || !pt_perm_ok(perm))
    return -EINVAL;
  int err;
  spin_lock(&vm->lock);
  pte_t *slot = own_leaf_slot(vm, va, true, &err);
  if (slot && pte_valid(*slot))
    err = -EEXIST;
  else if (slot) {
    frame_get(pa); /* under the lock: the checker sees it with its mapping */
    *slot = pte_make_leaf(pa, perm & ~PTE_W);
  }
  spin_unlock(&vm->lock);
  return err;
}

int vm_map_zeroed(struct vm_space *vm, vaddr_t va, size_t len, uint64_t perm)
{
  if (!user_range_ok(va, len))
    return -EINVAL;
  int err = 0;
  spin_lock(&vm->lock);
  for (vaddr_t a = va; a < va + len && !err; a += PAGE_SIZE)
    err = map_zero_page(vm, a, perm);
  spin_unlock(&vm->lock);
  return err;
}

/* Long sbrk work is done in chunks, with vm->lock (a spinlock: interrupts
 * off) dropped between them, so no system call keeps interrupts off for
 * long: at most VM_CHUNK_PAGES pages are mapped or unmapped per hold, and
 * a shrink skips each 2 MiB span that has no leaf table, and drops each
 * span it removes whole, in one step.
 * Dropping the lock mid-way is safe because only the address space's own
 * process changes its mappings or its break (fork, exec, exit, sbrk and
 * faults all run in that process, which is busy in this call); the others
 * that take the lock (vmcheck, the views) only read, and between chunks
 * every mapping has its reference, so they see a consistent space. For
 * the same reason a table made private before the first chunk stays
 * private: only this process's fork could share it again.
 * The break moves while the lock is held: down before a shrink's unmap,
 * up only after a grow's pages are all in. */
#define VM_CHUNK_PAGES 16
#define LEAF_SPAN      PT_LEVEL_SIZE(1) /* the range one leaf table maps */

/* unmap_range(start, end) removes the top of the heap: start is at or
 * above the heap start and no heap page at or above end is mapped. So a
 * 2 MiB span that starts at or above start holds nothing to keep if it
 * also ends by end, or below the stack: its whole leaf table can go at
 * once, shared or not, without a copy. */
static bool span_all_removed(vaddr_t span, vaddr_t start, vaddr_t end)
{
  return span >= start && (span + LEAF_SPAN <= end || span + LEAF_SPAN <= USTACK_BOTTOM);
}

/* The spans unmap_range(start, end) changes in place rather than drops are
 * those of its two ends: make their tables private now, before anything
 * changes, so that the unmap itself needs no memory. Returns 0 or -ENOMEM
 * (nothing changed that anyone could see). */
static int own_partial_spans(struct vm_space *vm, vaddr_t start, vaddr_t end)
{
  const vaddr_t ends[2] = { start, end - 1 };
  for (int i = 0; i < 2 && start < end; i++) {
    vaddr_t span = ends[i] & ~(LEAF_SPAN - 1);
    pte_t *entry = pt_lookup_user_entry(vm->root, span);
    if (span_all_removed(span, start, end) || !entry || !pte_is_table(*entry))
      continue;
    if (!cow_table_own(entry))
      return -ENOMEM;
  }
  return 0;
}

/* One chunk of unmap_range, under vm->lock: drop va's whole leaf table if
 * nothing in its span stays, or unmap the mapped pages of [va, end) up to
 * VM_CHUNK_PAGES and up to the end of the span, freeing the table if that
 * left it empty; skip the span if it has no leaf table. Returns where the
 * next chunk starts. */
static vaddr_t unmap_chunk(struct vm_space *vm, vaddr_t va, vaddr_t start, vaddr_t end)
{
  vaddr_t span = va & ~(LEAF_SPAN - 1);
  vaddr_t stop = MIN(end, span + LEAF_SPAN);
  pte_t *entry = pt_lookup_user_entry(vm->root, va);
  if (!entry || !pte_is_table(*entry))
    return stop;
  if (span_all_removed(span, start, end)) {
    cow_table_drop(entry, NULL);
    return stop;
  }
  pte_t *table = cow_table_own(entry);
  if (!table)
    panic("unmap_chunk: the table of %p was not made private first", (void *)span);
  vaddr_t chunk_end = MIN(stop, va + VM_CHUNK_PAGES * PAGE_SIZE);
  for (pte_t *slot = &table[PT_INDEX(va, 0)]; va < chunk_end; va += PAGE_SIZE, slot++) {
    if (!pte_valid(*slot))
      continue;
    paddr_t pa = pte_pa(*slot);
    *slot = 0;
    sfence_vma_addr(va);
    frame_put(pa);
  }
  if (va == stop && pt_leaf_table_empty(table))
    cow_table_drop(entry, NULL);
  return chunk_end;
}

/* Unmap the pages of [start, end) that are mapped (lazy ones may not be);
 * the caller made the tables of the partial spans private
 * (own_partial_spans). Called with vm->lock held, returns with it held;
 * drops it between chunks (see above). */
static void unmap_range(struct vm_space *vm, vaddr_t start, vaddr_t end)
{
  for (vaddr_t va = start; va < end;) {
    va = unmap_chunk(vm, va, start, end);
    if (va < end) {
      spin_unlock(&vm->lock);
      spin_lock(&vm->lock);
    }
  }
}

/* Map zeroed pages over [start, end), VM_CHUNK_PAGES per lock hold. On
 * failure the pages mapped so far are unmapped again. Called and returns
 * with vm->lock held. */
static int grow_eager(struct vm_space *vm, vaddr_t old_brk, vaddr_t new_brk)
{
  vaddr_t start = PAGE_ROUND_UP(old_brk), end = PAGE_ROUND_UP(new_brk);
  if ((end - start) / PAGE_SIZE > frames_free())
    return -ENOMEM; /* fail fast rather than drain memory and give it back */
  int done = 0;
  for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
    int err = map_zero_page(vm, va, PTE_R | PTE_W);
    if (err) {
      unmap_range(vm, start, va);
      return err;
    }
    if (++done % VM_CHUNK_PAGES == 0) {
      spin_unlock(&vm->lock);
      spin_lock(&vm->lock);
    }
  }
  return 0;
}

/* Shrinking follows xv6's growproc: a shrink by more than the whole break
 * wraps around there and changes nothing (sbrk returns the old break; the
 * 2025 usertests rely on it); a shrink to below the heap but above 0 frees
 * everything above the new size in xv6, program text included. Here the
 * break stops at the heap start instead: the heap goes, the program stays,
 * and sbrk returns the old break as xv6's does. */
int64_t vm_sbrk(struct vm_space *vm, int64_t delta, bool lazy)
{
  spin_lock(&vm->lock);
  vaddr_t old = vm->brk, new = old + (uint64_t)delta;
  int err = 0;
  if (delta > 0 && (new < old || new > USTACK_GUARD))
    err = -ENOMEM;
  else if (delta < 0 && new > old)
    new = old;                         /* wrapped below 0: no change */
  else if (delta < 0 && new < vm->heap_start)
    new = vm->heap_start;
  if (!err && delta > 0 && !lazy)
    err = grow_eager(vm, old, new);
  if (!err && new < old)
    err = own_partial_spans(vm, PAGE_ROUND_UP(new), PAGE_ROUND_UP(old));
  if (!err)
    vm->brk = new;
  if (!err && new < old)
    unmap_range(vm, PAGE_ROUND_UP(new), PAGE_ROUND_UP(old));
  spin_unlock(&vm->lock);
  return err ? err : (int64_t)old;
}

static bool is_demand_zero(const struct vm_space *vm, vaddr_t va)
{
  return (va >= vm->heap_start && va < vm->brk) ||
         (va >= USTACK_BOTTOM && va < USTACK_TOP);
}

static bool access_allowed(pte_t pte, enum vm_access access)
{
  switch (access) {
  case VM_READ: return pte_readable(pte);
  case VM_WRITE: return pte_writable(pte);
  case VM_EXEC: return pte_executable(pte);
  }
  return false;
}

static enum vm_fault_result result_of(int err)
{
  return err == 0 ? VM_FAULT_OK : err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_BAD_ACCESS;
}

/* A write to the COW page at `va`, whose level-1 entry is `entry`: make
 * the leaf table private, then the page. Returns 0 or -ENOMEM. */
static int resolve_cow(pte_t *entry, vaddr_t va)
{
  pte_t *table = cow_table_own(entry);
  if (!table)
    return -ENOMEM;
  return cow_resolve_write(&table[PT_INDEX(va, 0)], va);
}

/* The fault cases, in order:
 *  1. not a user address                      -> bad access
 *  2. mapped, and the access is allowed       -> ok (another path got here
 *                                                first: fence all the same)
 *  3. mapped COW page, write                  -> resolve_cow()
 *  4. mapped, access not allowed              -> bad access
 *  5. unmapped heap/stack page, read or write -> map a zeroed page
 *  6. anything else                           -> bad access
 * RISC-V lets a hart cache a translation that was invalid or read-only
 * (privileged spec 4.2.1), so every ok result fences va on this hart: a
 * hart that faulted on a stale entry would otherwise fault again forever
 * on hardware that keeps it (QEMU happens not to). */
enum vm_fault_result vm_fault(struct vm_space *vm, vaddr_t va, enum vm_access access)
{
  if (!va_is_user(va))
    return VM_FAULT_BAD_ACCESS;
  vaddr_t page = PAGE_ROUND_DOWN(va);
  int err = -EFAULT;
  spin_lock(&vm->lock);
  pte_t *entry = pt_lookup_user_entry(vm->root, page);
  pte_t *slot = pt_leaf_slot(entry, page);
  if (slot && pte_valid(*slot)) {
    if (!pte_user(*slot))
      err = -EFAULT;
    else if (access_allowed(*slot, access))
      err = 0;
    else if (access == VM_WRITE && pte_is_cow(*slot))
      err = resolve_cow(entry, page);
  } else if (access != VM_EXEC && is_demand_zero(vm, va)) {
    err = map_zero_page(vm, page, PTE_R | PTE_W);
  }
  spin_unlock(&vm->lock);
  if (err == 0)
    sfence_vma_addr(page);
  return result_of(err);
}

/* Take two vm locks in pool order (the checker takes them all that way). */
static void lock_pair(struct vm_space *a, struct vm_space *b)
{
  spin_lock(a < b ? &a->lock : &b->lock);
  spin_lock(a < b ? &b->lock : &a->lock);
}

static void unlock_pair(struct vm_space *a, struct vm_space *b)
{
  spin_unlock(&a->lock);
  spin_unlock(&b->lock);
}

struct fork_walk {
  struct vm_space *child;
  enum fork_policy policy;
};

/* One leaf table of the parent, behind its level-1 `entry`: give the
 * child the same 2 MiB by the policy, sharing the table itself or filling
 * a new one page by page. */
static int fork_table(pte_t *entry, vaddr_t base, void *arg)
{
  struct fork_walk *w = arg;
  pte_t *child_entry;
  if (pt_walk_to(w->child->root, base, 1, true, &child_entry))
    return -ENOMEM;
  if (w->policy == FORK_SHARE_TABLES) {
    cow_table_share(entry, child_entry);
    return 0;
  }
  if (failpoint_fail(FAIL_COW_ALLOC))
    return -ENOMEM;
  pte_t *child = pt_table_alloc(true);
  if (!child)
    return -ENOMEM;
  *child_entry = pte_make_table(kva_to_pa(child));
  return cow_fork_table(pte_table(*entry), child, w->policy);
}

int vm_fork(struct vm_space *parent, struct vm_space *child, enum fork_policy policy)
{
  struct fork_walk w = { child, policy };
  lock_pair(parent, child);
  child->heap_start = parent->heap_start;
  child->brk = parent->brk;
  int err = pt_for_each_leaf_table(parent->root, fork_table, &w);
  unlock_pair(parent, child);
  /* Parent PTEs lost W: its stale writable TLB entries must go. Only this
   * hart can hold them (every switch to a process flushes the TLB). */
  if (policy != FORK_EAGER_COPY)
    sfence_vma_all();
  return err;
}

void vm_activate(struct vm_space *vm)
{
  csr_write(satp, SATP_MAKE(kva_to_pa(vm->root)));
  sfence_vma_all();
}

void vm_deactivate(void)
{
  kvm_load_hart();
}
