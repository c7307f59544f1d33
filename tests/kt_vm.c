/* Helpers for the address-space ktests (tests/kt_vm.h). */
#include "tests/kt_vm.h"
#include "mm/pagetable.h"
#include "mm/uaccess.h"

pte_t kt_pte_of(struct vm_space *vm, vaddr_t va)
{
  pte_t *slot = pt_walk(vm->root, va, false);
  return slot ? *slot : 0;
}

struct vm_space *kt_make_parent(int pages)
{
  struct vm_space *vm = vm_create();
  if (!vm)
    return NULL;
  if (vm_map_zeroed(vm, KT_TEXT_VA, PAGE_SIZE, PTE_R | PTE_X) ||
      vm_map_zeroed(vm, KT_DATA_VA, (size_t)pages * PAGE_SIZE, PTE_R | PTE_W)) {
    vm_destroy(vm);
    return NULL;
  }
  vm->heap_start = vm->brk = KT_DATA_VA + (vaddr_t)pages * PAGE_SIZE;
  for (int i = 0; i < pages; i++) {
    uint64_t word = 0x1000 + (uint64_t)i;
    copyout(vm, KT_DATA_VA + (vaddr_t)i * PAGE_SIZE, &word, sizeof(word));
  }
  return vm;
}

uint64_t kt_read_word(struct vm_space *vm, vaddr_t va)
{
  uint64_t w = ~0UL;
  copyin(vm, &w, va, sizeof(w));
  return w;
}
