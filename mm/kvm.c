/* The kernel page table. Kernel address = KERNEL_DIRECT_MAP + physical
 * address, for RAM and devices alike; the image is mapped section by section
 * with 4 KiB pages so its permissions are exact, the rest of RAM with 2 MiB
 * pages where alignment allows. */
#include "mm/kvm.h"
#include "mm/pagetable.h"
#include "mm/frame.h"
#include "arch/riscv/addr.h"
#include "arch/riscv/csr.h"
#include "lib/panic.h"

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];


static pte_t *kernel_root;
/* Set once kvm_root() has handed the root out: from then on the high-half
 * root entries are copied into address spaces and must not change. */
static bool root_shared;

static void map_or_panic(paddr_t pa, uint64_t size, uint64_t perm, const char *what)
{
  paddr_t start = pa_page_round_down(pa);
  uint64_t len = pa_offset_from(pa_page_round_up(pa_add(pa, size)), start);
  int err = pt_map_range(kernel_root, (vaddr_t)pa_to_kva(start), start, len, perm | PTE_G);
  if (err)
    panic("kvm_init: mapping %s at %p failed (%d)", what, (void *)pa_raw(pa), err);
}

static void map_kernel_image(void)
{
  paddr_t text = kva_to_pa(_kernel_start), rodata = kva_to_pa(_text_end);
  paddr_t data = kva_to_pa(_rodata_end), end = kva_to_pa(_kernel_end);
  map_or_panic(text, pa_offset_from(rodata, text), PTE_R | PTE_X, "text");
  map_or_panic(rodata, pa_offset_from(data, rodata), PTE_R, "rodata");
  map_or_panic(data, pa_offset_from(end, data), PTE_R | PTE_W, "data");
}

/* RAM from the end of the image to the end of its region, and all other
 * regions. RAM below the image is firmware's and stays unmapped. */
static void map_ram(const struct platform *plat)
{
  paddr_t image_start = kva_to_pa(_kernel_start), image_end = kva_to_pa(_kernel_end);
  for (int i = 0; i < plat->ram_count; i++) {
    paddr_t base = plat->ram[i].base, end = pa_add(base, plat->ram[i].size);
    if (!pa_lt(image_start, base) && pa_lt(image_start, end))
      base = image_end;
    map_or_panic(base, pa_offset_from(end, base), PTE_R | PTE_W, "RAM");
  }
}

static void map_devices(const struct platform *plat)
{
  const struct phys_range *devs[] = { &plat->uart, &plat->plic, &plat->test_device };
  for (size_t i = 0; i < ARRAY_SIZE(devs); i++)
    if (devs[i]->size)
      map_or_panic(devs[i]->base, devs[i]->size, PTE_R | PTE_W, "device");
}

void kvm_init(const struct platform *plat)
{
  kernel_root = pt_create();
  if (!kernel_root)
    panic("kvm_init: no memory for the root table");
  map_kernel_image();
  map_ram(plat);
  map_devices(plat);
}

void kvm_load_hart(void)
{
  sfence_vma_all();
  csr_write(satp, SATP_MAKE(kva_to_pa(kernel_root)));
  sfence_vma_all();
}

pte_t *kvm_root(void)
{
  __atomic_store_n(&root_shared, true, __ATOMIC_RELAXED);
  return kernel_root;
}

uintptr_t kvm_device_kva(paddr_t pa)
{
  return (uintptr_t)pa_to_kva(pa);
}

uintptr_t kvm_map_stack(int index, int pages)
{
  ASSERT(!__atomic_load_n(&root_shared, __ATOMIC_RELAXED));
  uint64_t stride = (uint64_t)(pages + 1) * PAGE_SIZE;
  vaddr_t bottom = KSTACK_AREA + (uint64_t)index * stride + PAGE_SIZE;
  for (int i = 0; i < pages; i++) {
    paddr_t pa = frame_alloc_zeroed(FRAME_KERNEL);
    if (pa_is_null(pa) ||
        pt_map(kernel_root, bottom + (uint64_t)i * PAGE_SIZE, pa, PTE_R | PTE_W | PTE_G))
      panic("kvm_map_stack: no memory for kernel stack %d", index);
  }
  return bottom + (uint64_t)pages * PAGE_SIZE;
}
