/* Sv39 page-table tests: mapping semantics, bad input, teardown, and the
 * kernel's own map. */
#include "tests/ktest.h"
#include "mm/pagetable.h"
#include "mm/frame.h"
#include "mm/failpoint.h"
#include "mm/kvm.h"
#include "arch/riscv/addr.h"
#include "lib/errno.h"

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

#define TEST_VA 0x40000000UL

KTEST(pt_map_translate_unmap)
{
  pte_t *root = pt_create();
  KT_ASSERT(root != NULL);
  paddr_t frame = frame_alloc(FRAME_USER);
  KT_ASSERT(!pa_is_null(frame));
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, PTE_R | PTE_W | PTE_U), 0);
  paddr_t pa = PA_NULL;
  uint64_t flags = 0;
  KT_EXPECT_EQ(pt_translate(root, TEST_VA + 123, &pa, &flags), 0);
  KT_EXPECT_EQ(pa_raw(pa), pa_raw(pa_add(frame, 123)));
  KT_EXPECT(pte_readable(flags) && pte_writable(flags) && pte_user(flags));
  KT_EXPECT(!pte_executable(flags));
  KT_EXPECT_EQ(pt_translate(root, TEST_VA + PAGE_SIZE, &pa, &flags), -ENOENT);
  paddr_t old = PA_NULL;
  KT_EXPECT_EQ(pt_unmap(root, TEST_VA, &old), 0);
  KT_EXPECT_EQ(pa_raw(old), pa_raw(frame));
  KT_EXPECT_EQ(pt_translate(root, TEST_VA, &pa, &flags), -ENOENT);
  KT_EXPECT_EQ(pt_unmap(root, TEST_VA, &old), -ENOENT);
  pt_destroy(root);
  frame_put(frame);
}

KTEST(pt_rejects_bad_input)
{
  pte_t *root = pt_create();
  KT_ASSERT(root != NULL);
  paddr_t frame = frame_alloc(FRAME_USER);
  KT_ASSERT(!pa_is_null(frame));
  uint64_t rw = PTE_R | PTE_W | PTE_U;
  KT_EXPECT_EQ(pt_map(root, TEST_VA + 8, frame, rw), -EINVAL);          /* unaligned VA */
  KT_EXPECT_EQ(pt_map(root, TEST_VA, pa_add(frame, 8), rw), -EINVAL);   /* unaligned PA */
  KT_EXPECT_EQ(pt_map(root, 1UL << 38, frame, rw), -EINVAL);            /* non-canonical */
  KT_EXPECT_EQ(pt_map(root, 0x8000000000000000UL, frame, rw), -EINVAL); /* non-canonical */
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, PTE_W | PTE_U), -EINVAL);   /* W without R */
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, 0), -EINVAL);               /* no permission */
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, PTE_R | (1UL << 60)), -EINVAL);
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, rw), 0);
  KT_EXPECT_EQ(pt_map(root, TEST_VA, frame, rw), -EEXIST);              /* remap */
  KT_EXPECT_EQ(pt_unmap(root, TEST_VA + 1, NULL), -EINVAL);
  KT_EXPECT_EQ(pt_unmap(root, ~0UL << 37, NULL), -ENOENT);              /* canonical, unmapped */
  KT_EXPECT_EQ(pt_translate(root, 1UL << 40, NULL, NULL), -EINVAL);
  KT_EXPECT(pt_walk(root, 1UL << 39, false) == NULL);
  KT_EXPECT_EQ(pt_unmap(root, TEST_VA, NULL), 0);
  pt_destroy(root);
  frame_put(frame);
}

/* Spread mappings over many level-1 and level-0 tables; destroying the
 * table must hand back every table frame. */
KTEST(pt_destroy_returns_every_table_frame)
{
  size_t before = frames_free(), tables_before = pt_frames_in_use();
  pte_t *root = pt_create();
  KT_ASSERT(root != NULL);
  paddr_t frame = frame_alloc(FRAME_USER);
  KT_ASSERT(!pa_is_null(frame));
  int mapped = 0;
  for (vaddr_t va = PAGE_SIZE; va < (1UL << 38); va += (1UL << 38) / 37 & ~(PAGE_SIZE - 1))
    mapped += pt_map(root, va, frame, PTE_R | PTE_U) == 0;
  KT_EXPECT(mapped >= 30);
  KT_EXPECT(pt_frames_in_use() > tables_before + 2 * (size_t)mapped - 10);
  for (vaddr_t va = PAGE_SIZE; va < (1UL << 38); va += (1UL << 38) / 37 & ~(PAGE_SIZE - 1))
    pt_unmap(root, va, NULL);
  pt_destroy(root);
  frame_put(frame);
  KT_EXPECT_EQ(pt_frames_in_use(), tables_before);
  KT_EXPECT_EQ(frames_free(), before);
}

/* Out of memory in the middle of a walk is an error, and nothing leaks. */
KTEST(pt_map_out_of_memory_is_an_error)
{
  size_t before = frames_free();
  pte_t *root = pt_create();
  KT_ASSERT(root != NULL);
  failpoint_arm(FAIL_FRAME_ALLOC, 1);
  int err = pt_map(root, TEST_VA, pa_make(0x80000000UL), PTE_R);
  failpoint_arm(FAIL_FRAME_ALLOC, 0);
  KT_EXPECT_EQ(err, -ENOMEM);
  pt_destroy(root);
  KT_EXPECT_EQ(frames_free(), before);
}

KTEST(pt_user_root_shares_kernel_half)
{
  pte_t *root = pt_create_user(kvm_root());
  KT_ASSERT(root != NULL);
  paddr_t pa = PA_NULL;
  uint64_t flags = 0;
  KT_EXPECT_EQ(pt_translate(root, (vaddr_t)_kernel_start, &pa, &flags), 0);
  KT_EXPECT_EQ(pa_raw(pa), pa_raw(kva_to_pa(_kernel_start)));
  KT_EXPECT(!pte_user(flags));
  for (int i = 0; i < PT_FIRST_KERNEL_INDEX; i++)
    KT_EXPECT(root[i] == 0);
  pt_destroy(root);
}

static void expect_kernel_perm(const void *kva, uint64_t want, uint64_t refuse)
{
  uint64_t flags = 0;
  if (pt_translate(kvm_root(), (vaddr_t)kva, NULL, &flags) != 0) {
    ktest_fail(__FILE__, __LINE__, "%p is not mapped", kva);
    return;
  }
  if ((flags & want) != want || (flags & refuse))
    ktest_fail(__FILE__, __LINE__, "%p has flags %lx", kva, (unsigned long)flags);
}

static size_t count_w_and_x(const pte_t *table, int level)
{
  size_t bad = 0;
  for (int i = 0; i < PT_ENTRIES; i++) {
    pte_t e = table[i];
    if (!pte_valid(e))
      continue;
    if (pte_is_leaf(e))
      bad += pte_writable(e) && pte_executable(e);
    else if (level > 0)
      bad += count_w_and_x(pa_to_kva(pte_pa(e)), level - 1);
  }
  return bad;
}

KTEST(kvm_sections_have_exact_permissions)
{
  expect_kernel_perm(_kernel_start, PTE_R | PTE_X, PTE_W | PTE_U);
  expect_kernel_perm(_text_end, PTE_R, PTE_W | PTE_X | PTE_U);
  expect_kernel_perm(_rodata_end, PTE_R | PTE_W, PTE_X | PTE_U);
  expect_kernel_perm(_kernel_end, PTE_R | PTE_W, PTE_X | PTE_U);
  KT_EXPECT_EQ(count_w_and_x(kvm_root(), PT_LEVELS - 1), 0);
  KT_EXPECT_EQ(pt_translate(kvm_root(), 0x80200000UL, NULL, NULL), -ENOENT);
}
