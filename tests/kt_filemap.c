/* File frames mapped into address spaces (docs/cow.md, "File-backed
 * pages"): the counts with the inode's hold, a write from the file side
 * copying the page away, a COW write from the process side copying it
 * into a user frame, and unlink leaving mapped frames to the mappings. */
#include "tests/ktest.h"
#include "tests/kt_vm.h"
#include "fs/fscheck.h"
#include "fs/fsops.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "mm/frame.h"
#include "arch/riscv/addr.h"
#include "lib/string.h"
#include "uapi/stat.h"

#define FM_VA 0x20000UL

static uint8_t fm_buf[PAGE_SIZE];

/* A file "ktfm" of one page of `byte`, locked, with a reference. */
static struct inode *fm_file(uint8_t byte)
{
  struct inode *ip;
  if (fs_create(NULL, "ktfm", T_FILE, 0, 0, &ip))
    return NULL;
  memset(fm_buf, byte, sizeof(fm_buf));
  if (inode_write(ip, fs_io_kernel(fm_buf), 0, PAGE_SIZE) != PAGE_SIZE) {
    inode_unlock_put(ip);
    fs_unlink(NULL, "ktfm");
    return NULL;
  }
  return ip;
}

/* Two spaces map the file's page (one read-only, one copy-on-write): count
 * 3. A file write copies the page away: the spaces keep the old frame,
 * now a user frame with count 2, the file gets the new bytes. */
KTEST(filemap_file_write_copies_page_away)
{
  struct inode *ip = fm_file(0xab);
  KT_ASSERT(ip);
  paddr_t pa = inode_page(ip, 0);
  struct vm_space *a = vm_create(), *b = vm_create();
  KT_ASSERT(a && b);
  KT_EXPECT_EQ(vm_map_frame(a, FM_VA, pa, PTE_R | PTE_X), 0);
  KT_EXPECT_EQ(vm_map_frame(b, FM_VA, pa, PTE_R | PTE_W), 0);
  KT_EXPECT_EQ(frame_refcount(pa), 3);
  KT_EXPECT(!pte_writable(kt_pte_of(b, FM_VA)) && pte_is_cow(kt_pte_of(b, FM_VA)));
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  memset(fm_buf, 0xcd, sizeof(fm_buf));
  KT_EXPECT_EQ(inode_write(ip, fs_io_kernel(fm_buf), 0, 8), 8);
  KT_EXPECT(pa_raw(inode_page(ip, 0)) != pa_raw(pa));
  KT_EXPECT_EQ(frame_kind(pa), FRAME_USER);
  KT_EXPECT_EQ(frame_refcount(pa), 2);
  KT_EXPECT_EQ(kt_read_word(a, FM_VA), 0xababababababababUL);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  inode_unlock_put(ip);
  KT_EXPECT_EQ(fs_unlink(NULL, "ktfm"), 0);
  vm_destroy(a);
  vm_destroy(b);
  KT_EXPECT_EQ(fs_check(), 0);
}

/* A COW write by a process copies into a user frame; the file frame keeps
 * its bytes. Unlink with the page still mapped leaves it to the mapping. */
KTEST(filemap_cow_write_and_unlink_leave_file_intact)
{
  struct inode *ip = fm_file(0x5a);
  KT_ASSERT(ip);
  paddr_t pa = inode_page(ip, 0);
  struct vm_space *a = vm_create();
  KT_ASSERT(a);
  KT_EXPECT_EQ(vm_map_frame(a, FM_VA, pa, PTE_R | PTE_W), 0);
  KT_EXPECT_EQ(vm_fault(a, FM_VA, VM_WRITE), VM_FAULT_OK);
  KT_EXPECT(pa_raw(pte_pa(kt_pte_of(a, FM_VA))) != pa_raw(pa));
  KT_EXPECT_EQ(frame_kind(pte_pa(kt_pte_of(a, FM_VA))), FRAME_USER);
  KT_EXPECT_EQ(frame_refcount(pa), 1);
  KT_EXPECT_EQ(vm_map_frame(a, FM_VA + PAGE_SIZE, pa, PTE_R), 0);
  inode_unlock_put(ip);
  KT_EXPECT_EQ(fs_unlink(NULL, "ktfm"), 0);
  KT_EXPECT_EQ(frame_kind(pa), FRAME_USER);
  KT_EXPECT_EQ(frame_refcount(pa), 1);
  KT_EXPECT_EQ(kt_read_word(a, FM_VA + PAGE_SIZE), 0x5a5a5a5a5a5a5a5aUL);
  KT_EXPECT_EQ(vm_check_invariants(), 0);
  vm_destroy(a);
}
