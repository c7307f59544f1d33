/* Copy-on-write and address-space tests, on vm_spaces built directly
 * (no processes needed): the PTE and refcount states fork and the fault
 * path must produce, and that failures give every frame back. */
#include "tests/ktest.h"
#include "tests/kt_vm.h"
#include "mm/vm.h"
#include "mm/cow.h"
#include "mm/frame.h"
#include "mm/failpoint.h"
#include "arch/riscv/addr.h"
#include "mm/pagetable.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "uapi/layout.h"

KTEST(cow_fork_shares_pages_read_only)
{
  struct vm_space *parent = kt_make_parent(4), *child = vm_create();
  KT_ASSERT(parent && child);
  uint64_t shared_before = cow_stats.fork_shared;
  KT_EXPECT_EQ(vm_fork(parent, child, FORK_SHARE_PAGES), 0);
  for (int i = 0; i < 4; i++) {
    vaddr_t va = KT_DATA_VA + (vaddr_t)i * PAGE_SIZE;
    pte_t p = kt_pte_of(parent, va), c = kt_pte_of(child, va);
    KT_EXPECT(pte_valid(p) && pte_valid(c));
    KT_EXPECT(!pte_writable(p) && pte_is_cow(p));
    KT_EXPECT(!pte_writable(c) && pte_is_cow(c));
    KT_EXPECT_EQ(pa_raw(pte_pa(p)), pa_raw(pte_pa(c)));
    KT_EXPECT_EQ(frame_refcount(pte_pa(p)), 2);
  }
  pte_t text_p = kt_pte_of(parent, KT_TEXT_VA), text_c = kt_pte_of(child, KT_TEXT_VA);
  KT_EXPECT(!pte_is_cow(text_p) && !pte_is_cow(text_c));   /* read-only: shared, not COW */
  KT_EXPECT(pte_executable(text_c) && !pte_writable(text_c));
  KT_EXPECT_EQ(frame_refcount(pte_pa(text_p)), 2);           /* ...but counted */
  KT_EXPECT_EQ(cow_stats.fork_shared - shared_before, 5);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  KT_EXPECT_EQ(frame_refcount(pte_pa(text_p)), 1);
  vm_destroy(parent);
}

KTEST(cow_write_with_two_refs_copies)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  paddr_t shared = pte_pa(kt_pte_of(parent, KT_DATA_VA));
  uint64_t copies = cow_stats.copies;
  KT_EXPECT_EQ(vm_fault(child, KT_DATA_VA + 8, VM_WRITE), VM_FAULT_OK);
  pte_t c = kt_pte_of(child, KT_DATA_VA);
  KT_EXPECT(pte_writable(c) && !pte_is_cow(c));
  KT_EXPECT(!pa_eq(pte_pa(c), shared));
  KT_EXPECT_EQ(frame_refcount(shared), 1);
  KT_EXPECT_EQ(frame_refcount(pte_pa(c)), 1);
  KT_EXPECT_EQ(cow_stats.copies - copies, 1);
  KT_EXPECT_EQ(kt_read_word(child, KT_DATA_VA), 0x1000);  /* the data came along */
  /* The parent still maps the old frame, read-only until it writes. */
  KT_EXPECT_EQ(pa_raw(pte_pa(kt_pte_of(parent, KT_DATA_VA))), pa_raw(shared));
  KT_EXPECT(pte_is_cow(kt_pte_of(parent, KT_DATA_VA)));
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(child);
  vm_destroy(parent);
}

KTEST(cow_write_with_last_ref_reuses)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  paddr_t shared = pte_pa(kt_pte_of(parent, KT_DATA_VA));
  vm_destroy(child);
  KT_EXPECT_EQ(frame_refcount(shared), 1);
  uint64_t reuses = cow_stats.reuses, copies = cow_stats.copies;
  size_t free_before = frames_free();
  KT_EXPECT_EQ(vm_fault(parent, KT_DATA_VA, VM_WRITE), VM_FAULT_OK);
  pte_t p = kt_pte_of(parent, KT_DATA_VA);
  KT_EXPECT(pte_writable(p) && !pte_is_cow(p));
  KT_EXPECT_EQ(pa_raw(pte_pa(p)), pa_raw(shared));
  KT_EXPECT_EQ(cow_stats.reuses - reuses, 1);
  KT_EXPECT_EQ(cow_stats.copies - copies, 0);
  KT_EXPECT_EQ(frames_free(), free_before);
  vm_destroy(parent);
}

/* copyout is a kernel write into user memory: it must resolve COW exactly
 * like a store fault does, and leave the other sharer's page alone. */
KTEST(cow_copyout_resolves_through_cow)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  uint64_t faults = cow_stats.faults, word = 0xfeed;
  KT_EXPECT_EQ(copyout(child, KT_DATA_VA, &word, sizeof(word)), 0);
  KT_EXPECT_EQ(cow_stats.faults - faults, 1);
  KT_EXPECT_EQ(kt_read_word(child, KT_DATA_VA), 0xfeed);
  KT_EXPECT_EQ(kt_read_word(parent, KT_DATA_VA), 0x1000);
  vm_destroy(child);
  vm_destroy(parent);
}

KTEST(cow_store_to_read_only_page_is_refused)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  uint64_t word = 1;
  KT_EXPECT_EQ(vm_fault(child, KT_TEXT_VA, VM_WRITE), VM_FAULT_BAD_ACCESS);
  KT_EXPECT_EQ(copyout(child, KT_TEXT_VA, &word, sizeof(word)), -EFAULT);
  KT_EXPECT_EQ(vm_fault(child, KT_DATA_VA, VM_EXEC), VM_FAULT_BAD_ACCESS);
  KT_EXPECT_EQ(vm_fault(child, 0, VM_READ), VM_FAULT_BAD_ACCESS);
  KT_EXPECT_EQ(vm_fault(child, USTACK_GUARD, VM_READ), VM_FAULT_BAD_ACCESS);
  KT_EXPECT_EQ(vm_fault(child, KERNEL_IMAGE_VA, VM_READ), VM_FAULT_BAD_ACCESS);
  KT_EXPECT(!pte_is_cow(kt_pte_of(child, KT_TEXT_VA)));
  vm_destroy(child);
  vm_destroy(parent);
}

/* No memory for the copy: an error, nothing changed, nothing lost. */
KTEST(cow_fault_out_of_memory_changes_nothing)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  pte_t before = kt_pte_of(child, KT_DATA_VA);
  size_t free_before = frames_free();
  failpoint_arm(FAIL_FRAME_ALLOC, 1);
  enum vm_fault_result r = vm_fault(child, KT_DATA_VA, VM_WRITE);
  failpoint_arm(FAIL_FRAME_ALLOC, 0);
  KT_EXPECT_EQ(r, VM_FAULT_OOM);
  KT_EXPECT_EQ(kt_pte_of(child, KT_DATA_VA), before);
  KT_EXPECT_EQ(frame_refcount(pte_pa(before)), 2);
  KT_EXPECT_EQ(frames_free(), free_before);
  vm_destroy(child);
  vm_destroy(parent);
}

/* failcow=N fires on fork's page work and on COW copies. */
KTEST(failpoint_cow_alloc_fails_fork_and_cow_copy)
{
  struct vm_space *parent = kt_make_parent(1), *child = vm_create();
  KT_ASSERT(parent && child);
  KT_ASSERT(vm_fork(parent, child, FORK_SHARE_PAGES) == 0);
  size_t free_before = frames_free();
  struct vm_space *other = vm_create();
  KT_ASSERT(other != NULL);
  failpoint_arm(FAIL_COW_ALLOC, 1);
  enum vm_fault_result r = vm_fault(child, KT_DATA_VA, VM_WRITE);
  int err = vm_fork(parent, other, FORK_SHARE_PAGES);
  failpoint_arm(FAIL_COW_ALLOC, 0);
  KT_EXPECT_EQ(r, VM_FAULT_OOM);
  KT_EXPECT_EQ(err, -ENOMEM);
  vm_destroy(other);
  KT_EXPECT_EQ(frames_free(), free_before);
  vm_destroy(child);
  vm_destroy(parent);
}

/* Fork failing at every possible allocation must hand back every frame. */
KTEST(cow_fork_out_of_memory_returns_every_frame)
{
  struct vm_space *parent = kt_make_parent(64);
  KT_ASSERT(parent != NULL);
  for (enum fork_policy pol = FORK_SHARE_TABLES; pol <= FORK_EAGER_COPY; pol++) {
    for (uint64_t n = 1; n <= 8; n++) {
      size_t free_before = frames_free();
      struct vm_space *child = vm_create();
      KT_ASSERT(child != NULL);
      failpoint_arm(FAIL_FRAME_ALLOC, n);
      int err = vm_fork(parent, child, pol);
      failpoint_arm(FAIL_FRAME_ALLOC, 0);
      vm_destroy(child);
      KT_EXPECT(err == 0 || err == -ENOMEM);
      KT_EXPECT_EQ(frames_free(), free_before);
      KT_EXPECT_EQ(vm_check_invariants(), 0);
    }
  }
  vm_destroy(parent);
}

KTEST(eager_fork_copies_every_page)
{
  struct vm_space *parent = kt_make_parent(3), *child = vm_create();
  KT_ASSERT(parent && child);
  uint64_t copied = cow_stats.fork_copied;
  KT_EXPECT_EQ(vm_fork(parent, child, FORK_EAGER_COPY), 0);
  KT_EXPECT_EQ(cow_stats.fork_copied - copied, 4);
  for (int i = 0; i < 3; i++) {
    vaddr_t va = KT_DATA_VA + (vaddr_t)i * PAGE_SIZE;
    KT_EXPECT(!pa_eq(pte_pa(kt_pte_of(parent, va)), pte_pa(kt_pte_of(child, va))));
    KT_EXPECT(pte_writable(kt_pte_of(parent, va)) && pte_writable(kt_pte_of(child, va)));
    KT_EXPECT_EQ(kt_read_word(child, va), 0x1000 + (uint64_t)i);
  }
  vm_destroy(child);
  vm_destroy(parent);
}

KTEST(vm_sbrk_eager_lazy_and_shrink)
{
  struct vm_space *vm = kt_make_parent(1);
  KT_ASSERT(vm != NULL);
  vaddr_t heap = vm->brk;
  size_t free0 = frames_free();
  KT_EXPECT_EQ(vm_sbrk(vm, 4 * PAGE_SIZE, false), (int64_t)heap);
  KT_EXPECT(free0 - frames_free() >= 4);
  KT_EXPECT(pte_valid(kt_pte_of(vm, heap + 3 * PAGE_SIZE)));
  size_t free1 = frames_free();
  KT_EXPECT_EQ(vm_sbrk(vm, 16 * PAGE_SIZE, true), (int64_t)(heap + 4 * PAGE_SIZE));
  KT_EXPECT_EQ(frames_free(), free1);                       /* lazy: nothing yet */
  KT_EXPECT(!pte_valid(kt_pte_of(vm, heap + 10 * PAGE_SIZE)));
  KT_EXPECT_EQ(vm_fault(vm, heap + 10 * PAGE_SIZE, VM_WRITE), VM_FAULT_OK);
  KT_EXPECT_EQ(kt_read_word(vm, heap + 10 * PAGE_SIZE), 0);
  KT_EXPECT_EQ(vm_fault(vm, heap + 20 * PAGE_SIZE, VM_READ), VM_FAULT_BAD_ACCESS); /* past the break */
  KT_EXPECT_EQ(vm_sbrk(vm, -20 * (int64_t)PAGE_SIZE, false), (int64_t)(heap + 20 * PAGE_SIZE));
  KT_EXPECT_EQ(frames_free(), free0);
  KT_EXPECT_EQ(vm_sbrk(vm, -(int64_t)PAGE_SIZE * 1000, false), (int64_t)heap); /* wraps: no-op */
  KT_EXPECT(vm_sbrk(vm, 0x7fffffff, false) < 0);                   /* more than RAM */
  KT_EXPECT_EQ(vm->brk, heap);
  KT_EXPECT_EQ(frames_free(), free0);
  vm_destroy(vm);
}

/* Guards against a shrink below the start of the heap (the new break
 * still above 0) unmapping the program image, or failing: the break stops
 * at the heap start and the call returns the old break, as xv6's does. */
KTEST(vm_sbrk_shrink_below_heap_stops_at_heap)
{
  struct vm_space *vm = kt_make_parent(1);
  KT_ASSERT(vm != NULL);
  vaddr_t heap = vm->brk;
  size_t free0 = frames_free();
  KT_EXPECT_EQ(vm_sbrk(vm, 3 * PAGE_SIZE, false), (int64_t)heap);
  int64_t delta = -(int64_t)(heap + 3 * PAGE_SIZE - 0x100);   /* new break 0x100 */
  KT_EXPECT_EQ(vm_sbrk(vm, delta, false), (int64_t)(heap + 3 * PAGE_SIZE));
  KT_EXPECT_EQ(vm->brk, heap);
  KT_EXPECT_EQ(frames_free(), free0);
  KT_EXPECT(pte_valid(kt_pte_of(vm, KT_TEXT_VA)));
  KT_EXPECT(pte_valid(kt_pte_of(vm, KT_DATA_VA)));
  KT_EXPECT_EQ(kt_read_word(vm, KT_DATA_VA), 0x1000);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(vm);
}

#define SPAN (PT_LEVEL_SIZE(1))   /* what one leaf table maps: 2 MiB */

/* Guards against the shrink's walk by leaf table (it skips 2 MiB spans with
 * no table, in chunks) unmapping too much or too little: pages touched in
 * scattered spans of a 64 MiB lazy heap, shrunk to the middle of a span. */
KTEST(vm_sbrk_shrink_lazy_heap_by_table)
{
  struct vm_space *vm = kt_make_parent(1);
  KT_ASSERT(vm != NULL);
  vaddr_t heap = vm->brk;
  KT_EXPECT_EQ(vm_sbrk(vm, 32 * SPAN, true), (int64_t)heap);
  static const int spans[] = { 0, 1, 7, 8, 20, 31 };
  for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
    vaddr_t va = PAGE_ROUND_UP(heap) + spans[i] * SPAN;
    KT_EXPECT_EQ(vm_fault(vm, va, VM_WRITE), VM_FAULT_OK);
    KT_EXPECT_EQ(vm_fault(vm, va + SPAN / 2, VM_WRITE), VM_FAULT_OK);
  }
  vaddr_t cut = PAGE_ROUND_UP(heap) + 8 * SPAN + SPAN / 4;    /* inside span 8 */
  KT_EXPECT(vm_sbrk(vm, -(int64_t)(heap + 32 * SPAN - cut), false) > 0);
  KT_EXPECT_EQ(vm->brk, cut);
  KT_EXPECT(pte_valid(kt_pte_of(vm, PAGE_ROUND_UP(heap) + 8 * SPAN)));       /* below cut */
  KT_EXPECT(!pte_valid(kt_pte_of(vm, PAGE_ROUND_UP(heap) + 8 * SPAN + SPAN / 2)));
  KT_EXPECT(!pte_valid(kt_pte_of(vm, PAGE_ROUND_UP(heap) + 20 * SPAN)));
  KT_EXPECT(pte_valid(kt_pte_of(vm, PAGE_ROUND_UP(heap) + 7 * SPAN + SPAN / 2)));
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  KT_EXPECT_EQ(vm_sbrk(vm, -(int64_t)(cut - heap), false), (int64_t)cut);
  vm_destroy(vm);
}

/* Guards against vmcheck reporting "could not check" as a broken
 * invariant, or the reverse: with no free frame it must answer -ENOMEM,
 * and a real problem (an extra reference) is counted, positive. */
KTEST(vmcheck_tells_no_memory_from_problems)
{
  struct vm_space *vm = kt_make_parent(1);
  KT_ASSERT(vm != NULL);
  paddr_t pa = pte_pa(kt_pte_of(vm, KT_DATA_VA));
  frame_get(pa);                               /* a leaked reference */
  KT_EXPECT_EQ(vm_check_invariants(), 1);
  frame_put(pa);
  KT_EXPECT_EQ(vm_check_invariants(), 0);

  void *list = NULL;
  for (paddr_t f; !pa_is_null(f = frame_alloc(FRAME_KERNEL));) {
    *(void **)pa_to_kva(f) = list;
    list = pa_to_kva(f);
  }
  KT_EXPECT_EQ(vm_check_invariants(), -ENOMEM);
  while (list) {
    void *next = *(void **)list;
    frame_put(kva_to_pa(list));
    list = next;
  }
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(vm);
}

KTEST(uaccess_rejects_bad_ranges)
{
  struct vm_space *vm = kt_make_parent(1);
  KT_ASSERT(vm != NULL);
  char buf[16];
  KT_EXPECT_EQ(copyin(vm, buf, 0, 8), -EFAULT);
  KT_EXPECT_EQ(copyin(vm, buf, KERNEL_IMAGE_VA, 8), -EFAULT);
  KT_EXPECT_EQ(copyin(vm, buf, USER_VA_LIMIT - 4, 8), -EFAULT);
  KT_EXPECT_EQ(copyin(vm, buf, ~0UL - 3, 8), -EFAULT);
  KT_EXPECT_EQ(copyout(vm, KT_DATA_VA + PAGE_SIZE - 4, buf, 8), -EFAULT); /* runs past the map */
  KT_EXPECT(copyinstr(vm, buf, KT_TEXT_VA, sizeof(buf)) >= 0);            /* zeroed text: "" */
  uint64_t pattern = 0x4141414141414141UL;
  for (int i = 0; i < 512; i++)
    copyout(vm, KT_DATA_VA + (vaddr_t)i * 8, &pattern, 8);
  KT_EXPECT_EQ(copyinstr(vm, buf, KT_DATA_VA, sizeof(buf)), -ENAMETOOLONG);
  KT_EXPECT_EQ(copyinstr(vm, buf, KT_DATA_VA + PAGE_SIZE - 4, 4096), -EFAULT); /* no NUL before the end */
  vm_destroy(vm);
}
