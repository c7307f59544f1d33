/* Leaf page tables shared at fork (cow=table, mm/cow_table.c): every state
 * change - shared at fork, copied at the first change on either side,
 * dropped whole by sbrk, freed with the last holder, and out of memory while
 * copying - on spaces built directly (tests/kt_vm.h). */
#include "tests/ktest.h"
#include "tests/kt_vm.h"
#include "mm/cow.h"
#include "mm/cow_table.h"
#include "mm/failpoint.h"
#include "mm/frame.h"
#include "mm/pagetable.h"
#include "mm/uaccess.h"
#include "lib/errno.h"

#define SPAN      PT_LEVEL_SIZE(1)           /* what one leaf table maps */
#define SPAN_PAGES (SPAN / PAGE_SIZE)
/* Data from KT_DATA_VA over the rest of span 0 and all of span 1. */
#define TWO_SPAN_PAGES ((int)(2 * SPAN_PAGES - KT_DATA_VA / PAGE_SIZE))
#define SPAN1_VA  SPAN                        /* first page of span 1 */

/* The level-1 entry of va in vm (0 if none). */
static pte_t entry_of(struct vm_space *vm, vaddr_t va)
{
  pte_t *entry = pt_lookup_user_entry(vm->root, va);
  return entry ? *entry : 0;
}

static paddr_t table_of(struct vm_space *vm, vaddr_t va)
{
  return pte_pa(entry_of(vm, va));
}

static bool holds_writable(paddr_t table)
{
  const pte_t *t = pa_to_kva(table);
  for (int i = 0; i < PT_ENTRIES; i++)
    if (pte_writable(t[i]))
      return true;
  return false;
}

/* Guards against fork copying or counting pages under cow=table: both
 * level-1 entries point at one table, counted twice, marked, with no
 * writable entry; the frames keep one reference (one table maps them). */
KTEST(cow_table_fork_shares_leaf_tables)
{
  struct vm_space *parent = kt_make_parent(TWO_SPAN_PAGES), *child = vm_create();
  KT_ASSERT(parent && child);
  uint64_t shared_before = cow_stats.tables_shared, pages_before = cow_stats.fork_shared;
  KT_EXPECT_EQ(vm_fork(parent, child, FORK_SHARE_TABLES), 0);
  KT_EXPECT_EQ(cow_stats.tables_shared - shared_before, 2);
  KT_EXPECT_EQ(cow_stats.fork_shared - pages_before, 0);
  for (vaddr_t va = 0; va < 2 * SPAN; va += SPAN) {
    KT_EXPECT(pa_eq(table_of(parent, va), table_of(child, va)));
    KT_EXPECT_EQ(frame_refcount(table_of(parent, va)), 2);
    KT_EXPECT(pte_table_no_write(entry_of(parent, va)) && pte_table_no_write(entry_of(child, va)));
    KT_EXPECT(!holds_writable(table_of(parent, va)));
  }
  pte_t data = kt_pte_of(child, SPAN1_VA);
  KT_EXPECT(pte_is_cow(data));
  KT_EXPECT_EQ(frame_refcount(pte_pa(data)), 1);
  KT_EXPECT(!pte_is_cow(kt_pte_of(child, KT_TEXT_VA)));   /* read-only stays read-only */
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  vm_destroy(parent);
}

/* Guards against a write changing a shared table in place, or unsharing
 * more than its 2 MiB: the child's write copies span 1's table only; the
 * parent's table is untouched and now the parent's alone. */
KTEST(cow_table_write_unshares_only_its_span)
{
  struct vm_space *parent = kt_make_parent(TWO_SPAN_PAGES), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  paddr_t shared1 = table_of(parent, SPAN1_VA), shared0 = table_of(parent, 0);
  pte_t before = kt_pte_of(parent, SPAN1_VA);
  uint64_t unshared = cow_stats.tables_unshared;
  uint64_t word = 0xc0ffee;
  KT_EXPECT_EQ(copyout(child, SPAN1_VA, &word, sizeof(word)), 0);
  KT_EXPECT_EQ(cow_stats.tables_unshared - unshared, 1);
  KT_EXPECT(!pa_eq(table_of(child, SPAN1_VA), shared1));
  KT_EXPECT(pa_eq(table_of(parent, SPAN1_VA), shared1));
  KT_EXPECT_EQ(frame_refcount(shared1), 1);
  KT_EXPECT_EQ(frame_refcount(table_of(child, SPAN1_VA)), 1);
  KT_EXPECT(pa_eq(table_of(child, 0), shared0));           /* span 0 still shared */
  KT_EXPECT_EQ(frame_refcount(shared0), 2);
  KT_EXPECT_EQ(kt_pte_of(parent, SPAN1_VA), before);         /* entry unchanged */
  /* The child's copy holds its own reference on every other frame. */
  KT_EXPECT_EQ(frame_refcount(pte_pa(kt_pte_of(child, SPAN1_VA + PAGE_SIZE))), 2);
  KT_EXPECT_EQ(frame_refcount(pte_pa(before)), 1);           /* copied: the parent's alone */
  KT_EXPECT_EQ(kt_read_word(child, SPAN1_VA), 0xc0ffee);
  KT_EXPECT_EQ(kt_read_word(parent, SPAN1_VA), 0x1000 + (SPAN1_VA - KT_DATA_VA) / PAGE_SIZE);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  vm_destroy(parent);
}

/* Guards against leaks and early frees at exit: whichever side goes
 * first only drops its table references; the last one frees everything. */
KTEST(cow_table_last_holder_frees_table_and_frames)
{
  for (int parent_first = 0; parent_first < 2; parent_first++) {
    size_t free_before = frames_free();
    struct vm_space *parent = kt_make_parent(TWO_SPAN_PAGES), *child = vm_create();
    KT_ASSERT(parent && child);
    KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
    paddr_t table = table_of(parent, SPAN1_VA), frame = pte_pa(kt_pte_of(parent, SPAN1_VA));
    vm_destroy(parent_first ? parent : child);
    struct vm_space *left = parent_first ? child : parent;
    KT_EXPECT_EQ(frame_refcount(table), 1);
    KT_EXPECT_EQ(frame_refcount(frame), 1);
    KT_EXPECT_EQ(kt_read_word(left, SPAN1_VA), 0x1000 + (SPAN1_VA - KT_DATA_VA) / PAGE_SIZE);
    KT_EXPECT_EQ(vm_check_invariants(), 0);
    vm_destroy(left);
    KT_EXPECT_EQ(frames_free(), free_before);
  }
}

/* Guards against an unshare that fails half-way: out of memory (any
 * allocation, or the failcow point) leaves the shared table intact and
 * shared, nothing allocated, and the fault reports OOM. */
KTEST(cow_table_unshare_out_of_memory_changes_nothing)
{
  static const enum failpoint points[] = { FAIL_FRAME_ALLOC, FAIL_COW_ALLOC };
  struct vm_space *parent = kt_make_parent(TWO_SPAN_PAGES), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  paddr_t shared = table_of(child, SPAN1_VA);
  for (int i = 0; i < 2; i++) {
    size_t free_before = frames_free();
    failpoint_arm(points[i], 1);
    enum vm_fault_result r = vm_fault(child, SPAN1_VA, VM_WRITE);
    failpoint_arm(points[i], 0);
    KT_EXPECT_EQ(r, VM_FAULT_OOM);
    KT_EXPECT(pa_eq(table_of(child, SPAN1_VA), shared));
    KT_EXPECT_EQ(frame_refcount(shared), 2);
    KT_EXPECT(pte_table_no_write(entry_of(child, SPAN1_VA)));
    KT_EXPECT_EQ(frames_free(), free_before);
    KT_EXPECT_EQ(vm_check_invariants(), 0);
  }
  KT_EXPECT_EQ(vm_fault(child, SPAN1_VA, VM_WRITE), VM_FAULT_OK); /* with memory: fine */
  vm_destroy(child);
  vm_destroy(parent);
}

/* Guards against the second fork paying for a pass it does not need: a
 * table still marked (all its writable pages COW) is shared as it is. */
KTEST(cow_table_marked_table_is_shared_as_is)
{
  struct vm_space *parent = kt_make_parent(8), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  vm_destroy(child);
  pte_t entry = entry_of(parent, 0), page = kt_pte_of(parent, KT_DATA_VA);
  KT_EXPECT(pte_table_no_write(entry));
  child = vm_create();
  KT_ASSERT(child != NULL);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  KT_EXPECT_EQ(entry_of(parent, 0), entry);
  KT_EXPECT_EQ(kt_pte_of(parent, KT_DATA_VA), page);
  KT_EXPECT_EQ(frame_refcount(table_of(parent, 0)), 2);
  /* A write makes the table private and unmarked again; the page is
   * reused in place once the other holder has gone. */
  vm_destroy(child);
  KT_EXPECT_EQ(vm_fault(parent, KT_DATA_VA, VM_WRITE), VM_FAULT_OK);
  KT_EXPECT(!pte_table_no_write(entry_of(parent, 0)));
  KT_EXPECT(pa_eq(pte_pa(kt_pte_of(parent, KT_DATA_VA)), pte_pa(page)));
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(parent);
}

/* Guards against sbrk copying tables it is about to empty, and against
 * empty leaf tables outliving a shrink: the child's shrink to its heap
 * start drops the shared tables of whole spans (the parent's count goes
 * back to 1), copies only the span it keeps part of, and frees what it
 * emptied. */
KTEST(cow_table_sbrk_shrink_drops_whole_spans)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  vaddr_t heap = parent->brk;
  KT_ASSERT(vm_sbrk(parent, (int64_t)(4 * SPAN), false) == (int64_t)heap);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  size_t tables_before = pt_frames_in_use();
  uint64_t unshared = cow_stats.tables_unshared;
  KT_EXPECT_EQ(vm_sbrk(child, -(int64_t)(4 * SPAN), false), (int64_t)(heap + 4 * SPAN));
  KT_EXPECT_EQ(cow_stats.tables_unshared - unshared, 1);      /* span 0 only */
  for (vaddr_t va = SPAN; va < 4 * SPAN; va += SPAN) {
    KT_EXPECT(!pte_valid(entry_of(child, va)));
    KT_EXPECT_EQ(frame_refcount(table_of(parent, va)), 1);
  }
  KT_EXPECT(!pte_valid(entry_of(child, 4 * SPAN)));            /* the partial top span too */
  KT_EXPECT_EQ(pt_frames_in_use(), tables_before + 1);        /* the copy of span 0 */
  KT_EXPECT_EQ(kt_read_word(child, KT_DATA_VA), 0x1000);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  /* The parent shrinks too: its tables are its own now (count 1), so
   * spans 1-4 are freed with their frames and span 0 is not copied. */
  size_t tables_mid = pt_frames_in_use();
  KT_EXPECT_EQ(vm_sbrk(parent, -(int64_t)(4 * SPAN), false), (int64_t)(heap + 4 * SPAN));
  KT_EXPECT_EQ(pt_frames_in_use(), tables_mid - 4);            /* spans 1-4 gone, span 0 kept */
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  vm_destroy(parent);
}

/* Guards against the per-page policies writing into a shared table: a
 * parent whose tables are shared forks again by pages and by copying;
 * the shared tables stay as they were and every count adds up. */
KTEST(cow_table_page_and_eager_fork_of_shared_parent)
{
  struct vm_space *parent = kt_make_parent(TWO_SPAN_PAGES), *first = vm_create();
  KT_ASSERT(parent && first);
  KT_ASSERT(vm_fork(parent, first, FORK_SHARE_TABLES) == 0);
  pte_t entry = entry_of(parent, SPAN1_VA), page = kt_pte_of(parent, SPAN1_VA);
  for (enum fork_policy pol = FORK_SHARE_PAGES; pol <= FORK_EAGER_COPY; pol++) {
    struct vm_space *other = vm_create();
    KT_ASSERT(other != NULL);
    KT_EXPECT_EQ(vm_fork(parent, other, pol), 0);
    KT_EXPECT_EQ(entry_of(parent, SPAN1_VA), entry);
    KT_EXPECT_EQ(kt_pte_of(parent, SPAN1_VA), page);
    KT_EXPECT_EQ(frame_refcount(table_of(parent, SPAN1_VA)), 2);
    KT_EXPECT_EQ(kt_read_word(other, SPAN1_VA), kt_read_word(parent, SPAN1_VA));
    KT_EXPECT_EQ(vm_check_invariants(), 0);
    vm_destroy(other);
  }
  vm_destroy(first);
  vm_destroy(parent);
}

/* Guards against vmcheck missing a broken table count: an extra
 * reference on a leaf table is reported, and so is a shared table that
 * is not marked no-write. */
KTEST(vmcheck_catches_table_count_and_mark)
{
  struct vm_space *parent = kt_make_parent(4), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_TABLES) == 0);
  paddr_t table = table_of(parent, 0);
  frame_get(table);
  KT_EXPECT(vm_check_invariants() >= 1);
  frame_put(table);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  pte_t *entry = pt_lookup_user_entry(child->root, 0);
  KT_ASSERT(entry != NULL);
  *entry &= ~PTE_TABLE_NO_WRITE;
  KT_EXPECT(vm_check_invariants() >= 1);
  *entry |= PTE_TABLE_NO_WRITE;
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  vm_destroy(parent);
}
