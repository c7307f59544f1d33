/* Views of one address space: pages and regions, for learners.
 *
 * A page's state is what a write to it would find (docs/syscalls.md):
 *   - W set: private (fork's policies never leave a shared page writable);
 *   - a COW page (PTE_SW_WRITE without W): shared if its frame is mapped by
 *     another leaf table (refs > 1) or its leaf table is pointed at by
 *     another address space (table_refs > 1); a write then copies. Neither:
 *     the last sharer, and a write reuses the frame (mm/cow.c);
 *   - read-only: shared or not by the same test.
 * A frame's count counts leaf tables, not address spaces: a page in a
 * table shared by three processes shows refs 1 and table_refs 3. Both are
 * reported; neither alone says how many processes map the frame.
 *
 * Walks read the tables directly under vm->lock (the caller's), skipping a
 * missing level-1 table 1 GiB at a time and a missing leaf table 2 MiB at
 * a time, so a sparse 2 GiB heap costs a few hundred steps. */
#include "mm/vminfo.h"
#include "mm/frame.h"
#include "mm/pagetable.h"
#include "arch/riscv/addr.h"
#include "lib/string.h"
#include "uapi/layout.h"

/* Steps (entries looked at, or spans skipped) vminfo_regions may take in
 * one call: 16 leaf tables' worth, tens of microseconds. */
#define VMINFO_SCAN_BUDGET (16 * PT_ENTRIES)
#define UNLIMITED          INT64_MAX

_Static_assert(sizeof(struct vmregion) == 72 && sizeof(struct vmpage) == 64,
               "docs/syscalls.md gives these sizes");
_Static_assert(VMPTE_SW_WRITE == PTE_SW_WRITE && VMPTE_TABLE_NO_WRITE == PTE_TABLE_NO_WRITE &&
               VMPTE_W == PTE_W && VMPTE_PPN_SHIFT == PTE_PPN_SHIFT,
               "uapi/vminfo.h must describe mm/pte.h's bits");

/* A walk over the present pages of [va, end), at most `budget` steps. */
struct walk {
  const pte_t *root;
  vaddr_t va;     /* where the next step looks */
  vaddr_t end;
  int64_t budget;
};

/* A present page and the entries on its path. */
struct found {
  vaddr_t va;
  pte_t pte, l1, l2;
};

static vaddr_t level_end(vaddr_t va, int level)
{
  return (va | (PT_LEVEL_SIZE(level) - 1)) + 1;
}

/* Move w to the next present page: fill *f, step past it, return true.
 * Returns false at w->end, or when the budget is spent (w->va is then
 * where to resume). The budget is only obeyed at a 2 MiB boundary: a walk
 * never stops inside a leaf table, so the two pieces of a region it cut
 * never both count that table. */
static bool walk_next(struct walk *w, struct found *f)
{
  while (w->va < w->end && (w->budget-- > 0 || w->va % PT_LEVEL_SIZE(1) != 0)) {
    vaddr_t va = w->va;
    pte_t l2 = w->root[PT_INDEX(va, 2)];
    if (!pte_is_table(l2)) {
      w->va = level_end(va, 2);
      continue;
    }
    pte_t l1 = pte_table(l2)[PT_INDEX(va, 1)];
    if (!pte_is_table(l1)) {
      w->va = level_end(va, 1);
      continue;
    }
    pte_t pte = pte_table(l1)[PT_INDEX(va, 0)];
    w->va = va + PAGE_SIZE;
    if (pte_valid(pte)) {
      *f = (struct found){ va, pte, l1, l2 };
      return true;
    }
  }
  return false;
}

static struct walk walk_of(const struct vm_space *vm, vaddr_t from, vaddr_t end, int64_t budget)
{
  return (struct walk){ vm->root, PAGE_ROUND_DOWN(from), end, budget };
}

static unsigned int page_state(const struct found *f, uint32_t refs, uint32_t table_refs)
{
  bool shared = refs > 1 || table_refs > 1;
  if (pte_writable(f->pte))
    return VMPAGE_PRIVATE;
  if (pte_is_cow(f->pte))
    return shared ? VMPAGE_COW : VMPAGE_COW_LAST;
  return shared ? VMPAGE_SHARED_RO : VMPAGE_RO;
}

/* A file's page (exec mapped it from the file's frame) or the process's. */
static unsigned int backing_of(const struct found *f)
{
  return frame_kind(pte_pa(f->pte)) == FRAME_FILE ? VMBACK_FILE : VMBACK_ANON;
}

static vaddr_t heap_end(const struct vm_space *vm)
{
  return PAGE_ROUND_UP(vm->brk);
}

static unsigned int kind_of(const struct vm_space *vm, vaddr_t va)
{
  return va < vm->heap_start ? VMKIND_IMAGE : va < heap_end(vm) ? VMKIND_HEAP : VMKIND_STACK;
}

static void describe_page(const struct vm_space *vm, const struct found *f, struct vmpage *p)
{
  uint32_t refs = frame_refcount(pte_pa(f->pte));
  uint32_t table_refs = frame_refcount(pte_pa(f->l1));
  *p = (struct vmpage){
    .va = f->va, .pte = f->pte, .l1 = f->l1, .l2 = f->l2,
    .root = pa_raw(kva_to_pa(vm->root)),
    .refs = refs, .table_refs = table_refs,
    .state = page_state(f, refs, table_refs), .kind = kind_of(vm, f->va),
    .backing = backing_of(f),
  };
}

int vminfo_pages(struct vm_space *vm, vaddr_t from, struct vmpage *out, int n)
{
  if (!vm->root || !va_is_user(from))
    return 0;
  struct walk w = walk_of(vm, from, USER_VA_LIMIT, UNLIMITED);
  struct found f;
  int count = 0;
  while (count < n && walk_next(&w, &f))
    describe_page(vm, &f, &out[count++]);
  return count;
}

/* ---- regions --------------------------------------------------------------- */

static unsigned int prot_of(pte_t pte)
{
  return (pte_readable(pte) ? VMPROT_R : 0) |
         (pte & (PTE_W | PTE_SW_WRITE) ? VMPROT_W : 0) |
         (pte_executable(pte) ? VMPROT_X : 0);
}

/* Count present page f into r; *last_table is the leaf table of the page
 * counted before (a table is counted once per run of its pages). */
static void count_page(struct vmregion *r, const struct found *f, paddr_t *last_table)
{
  paddr_t table = pte_pa(f->l1);
  uint32_t refs = frame_refcount(pte_pa(f->pte));
  uint32_t table_refs = frame_refcount(table);
  if (r->tables == 0 || pa_raw(table) != pa_raw(*last_table)) {
    r->tables++;
    r->tables_shared += table_refs > 1;
    *last_table = table;
  }
  r->present++;
  r->pages[page_state(f, refs, table_refs)]++;
  r->file += backing_of(f) == VMBACK_FILE;
  r->refs += refs;
}

/* Count the present pages of r = [start, end) within *budget steps. An
 * image region (`run`) stops at its first gap or change of rights. A
 * region the budget cuts short ends where the walk stopped, marked MORE. */
static void count_region(const struct vm_space *vm, struct vmregion *r, bool run, int64_t *budget)
{
  struct walk w = walk_of(vm, r->start, r->end, *budget);
  struct found f;
  paddr_t last_table = PA_NULL;
  vaddr_t expect = r->start;
  bool run_ended = false;
  while (!run_ended && walk_next(&w, &f)) {
    run_ended = run && (f.va != expect || prot_of(f.pte) != r->prot);
    if (!run_ended) {
      count_page(r, &f, &last_table);
      expect = f.va + PAGE_SIZE;
    }
  }
  if (run_ended) {
    r->end = expect;
  } else if (w.va < r->end) { /* the budget ran out */
    r->end = w.va;
    r->flags |= VMREGION_MORE;
  }
  *budget = w.budget;
}

/* The region at or after *va, counted; *va moves to its end. Returns
 * false when nothing is left. The image's regions are runs of present
 * pages with the same rights; the heap and the stack are one region each,
 * present or not (lazy pages count as part of them). */
static bool next_region(const struct vm_space *vm, vaddr_t *va, struct vmregion *r, int64_t *budget)
{
  memset(r, 0, sizeof(*r));
  struct found f;
  struct walk image = walk_of(vm, *va, vm->heap_start, UNLIMITED);
  if (*va < vm->heap_start && walk_next(&image, &f)) {
    *r = (struct vmregion){ .start = f.va, .end = vm->heap_start, .kind = VMKIND_IMAGE,
                            .prot = prot_of(f.pte) };
  } else if (MAX(*va, vm->heap_start) < heap_end(vm)) {
    *r = (struct vmregion){ .start = MAX(*va, vm->heap_start), .end = heap_end(vm),
                            .kind = VMKIND_HEAP, .prot = VMPROT_R | VMPROT_W };
  } else if (MAX(*va, USTACK_BOTTOM) < USTACK_TOP) {
    *r = (struct vmregion){ .start = MAX(*va, USTACK_BOTTOM), .end = USTACK_TOP,
                            .kind = VMKIND_STACK, .prot = VMPROT_R | VMPROT_W };
  } else {
    return false;
  }
  count_region(vm, r, r->kind == VMKIND_IMAGE, budget);
  *va = r->end;
  return true;
}

int vminfo_regions(struct vm_space *vm, vaddr_t from, struct vmregion *out, int n)
{
  if (!vm->root || !va_is_user(from))
    return 0;
  vaddr_t va = PAGE_ROUND_DOWN(from);
  int64_t budget = VMINFO_SCAN_BUDGET;
  int count = 0;
  while (count < n && budget > 0 && next_region(vm, &va, &out[count], &budget))
    count++;
  return count;
}
