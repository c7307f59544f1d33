/* exec: check every ELF header field we rely on, build the new address
 * space beside the old one, and swap only when everything worked. */
#include "proc/exec.h"
#include "proc/proc.h"
#include "fs/bootfs.h"
#include "mm/uaccess.h"
#include "arch/riscv/csr.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "uapi/layout.h"

#define ELF_MAGIC      0x464c457fU /* "\x7fELF" little endian */
#define ELFCLASS64     2
#define ELFDATA2LSB    1
#define EV_CURRENT     1
#define ET_EXEC        2
#define EM_RISCV       243
#define PT_LOAD        1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ELF_MAX_PHDRS  16

struct elf_header {
  uint32_t magic;
  uint8_t class, data, version, osabi, abiversion, pad[7];
  uint16_t type, machine;
  uint32_t version2;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
  uint32_t type, flags;
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static bool header_ok(const struct elf_header *h, uint64_t file_size)
{
  return file_size >= sizeof(*h) && h->magic == ELF_MAGIC && h->class == ELFCLASS64 &&
         h->data == ELFDATA2LSB && h->version == EV_CURRENT && h->version2 == EV_CURRENT &&
         h->type == ET_EXEC && h->machine == EM_RISCV && h->ehsize == sizeof(*h) &&
         h->phentsize == sizeof(struct elf_phdr) && h->phnum > 0 &&
         h->phnum <= ELF_MAX_PHDRS && h->phoff < file_size &&
         h->phoff + (uint64_t)h->phnum * sizeof(struct elf_phdr) <= file_size &&
         (h->phoff & 7) == 0;
}

/* A loadable segment must lie in user space below the stack's guard page,
 * come from inside the file, and not be both writable and executable. */
static bool segment_ok(const struct elf_phdr *ph, uint64_t file_size)
{
  uint64_t end = ph->vaddr + ph->memsz;
  return ph->memsz >= ph->filesz && end >= ph->vaddr && ph->vaddr >= USER_TEXT_BASE &&
         end <= USTACK_GUARD && ph->offset + ph->filesz >= ph->offset &&
         ph->offset + ph->filesz <= file_size &&
         (ph->flags & (PF_W | PF_X)) != (PF_W | PF_X);
}

static uint64_t segment_perm(const struct elf_phdr *ph)
{
  return ((ph->flags & PF_R) ? PTE_R : 0) | ((ph->flags & PF_W) ? PTE_W | PTE_R : 0) |
         ((ph->flags & PF_X) ? PTE_X : 0);
}

/* One page of a segment: the file bytes that fall into it, zeros elsewhere. */
static int load_page(struct vm_space *vm, const uint8_t *file, const struct elf_phdr *ph,
                     vaddr_t page, uint64_t perm)
{
  uint64_t from = MAX(page, ph->vaddr), to = MIN(page + PAGE_SIZE, ph->vaddr + ph->filesz);
  int err = from < to
    ? vm_map_page(vm, page, perm, from - page, file + ph->offset + (from - ph->vaddr), to - from)
    : vm_map_page(vm, page, perm, 0, NULL, 0);
  return err == -EEXIST ? -ENOEXEC : err;
}

/* Map the segment page by page, each a fresh frame. */
static int load_segment(struct vm_space *vm, const uint8_t *file, const struct elf_phdr *ph)
{
  vaddr_t start = PAGE_ROUND_DOWN(ph->vaddr), end = PAGE_ROUND_UP(ph->vaddr + ph->memsz);
  uint64_t perm = segment_perm(ph) | PTE_U;
  for (vaddr_t page = start; page < end; page += PAGE_SIZE) {
    int err = load_page(vm, file, ph, page, perm);
    if (err)
      return err;
  }
  return 0;
}

/* Load every PT_LOAD segment; *image_end gets the end of the highest. */
static int load_program(struct vm_space *vm, const struct bootfs_entry *e, vaddr_t *entry,
                        vaddr_t *image_end)
{
  struct elf_header h;
  if (e->size < sizeof(h))
    return -ENOEXEC;
  memcpy(&h, e->data, sizeof(h));
  if (!header_ok(&h, e->size))
    return -ENOEXEC;
  *image_end = USER_TEXT_BASE;
  bool entry_mapped = false;
  for (int i = 0; i < h.phnum; i++) {
    struct elf_phdr ph;
    memcpy(&ph, e->data + h.phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
    if (ph.type != PT_LOAD || ph.memsz == 0)
      continue;
    if (!segment_ok(&ph, e->size))
      return -ENOEXEC;
    int err = load_segment(vm, e->data, &ph);
    if (err)
      return err;
    *image_end = MAX(*image_end, ph.vaddr + ph.memsz);
    entry_mapped |= (ph.flags & PF_X) && h.entry >= ph.vaddr && h.entry < ph.vaddr + ph.memsz;
  }
  *entry = h.entry;
  return entry_mapped ? 0 : -ENOEXEC;
}

/* Strings at the top of the stack, then the argv array below them. */
static int push_args(struct vm_space *vm, const char *const argv[], int argc, vaddr_t *sp,
                     vaddr_t *argv_uva)
{
  vaddr_t ptrs[MAXARG + 1];
  vaddr_t top = USTACK_TOP;
  size_t total = 0;
  for (int i = 0; i < argc; i++) {
    size_t len = strlen(argv[i]) + 1;
    total += len;
    if (total > EXEC_ARG_BYTES)
      return -E2BIG;
    top -= len;
    if (copyout(vm, top, argv[i], len) != 0)
      return -ENOMEM;
    ptrs[i] = top;
  }
  ptrs[argc] = 0;
  top = (top - (argc + 1) * sizeof(vaddr_t)) & ~15UL;
  if (copyout(vm, top, ptrs, (argc + 1) * sizeof(vaddr_t)) != 0)
    return -ENOMEM;
  *sp = top;
  *argv_uva = top;
  return 0;
}

static void set_name(struct proc *p, const char *path)
{
  const char *base = path;
  for (const char *s = path; *s; s++)
    if (*s == '/')
      base = s + 1;
  strlcpy(p->name, base, sizeof(p->name));
}

/* Registers for the program's first instruction in user mode. */
static void start_registers(struct trapframe *tf, vaddr_t entry, vaddr_t sp, int argc,
                            vaddr_t argv_uva)
{
  memset(tf, 0, sizeof(*tf));
  tf->sepc = entry;
  tf->sp = sp;
  tf->a0 = (uint64_t)argc;
  tf->a1 = argv_uva;
  uint64_t sstatus = csr_read(sstatus);
  sstatus &= ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS | SSTATUS_SUM);
  tf->sstatus = sstatus | SSTATUS_SPIE;
}

int exec_into(struct proc *p, const char *path, const char *const argv[])
{
  const struct bootfs_entry *e = bootfs_lookup(path);
  if (!e)
    return -ENOENT;
  int argc = 0;
  while (argv[argc])
    if (++argc > MAXARG)
      return -E2BIG;
  struct vm_space *vm = vm_create();
  if (!vm)
    return -ENOMEM;
  vaddr_t entry = 0, image_end = 0, sp = 0, argv_uva = 0;
  int err = load_program(vm, e, &entry, &image_end);
  if (!err) {
    vm->heap_start = vm->brk = PAGE_ROUND_UP(image_end);
    err = push_args(vm, argv, argc, &sp, &argv_uva);
  }
  if (err) {
    vm_destroy(vm);
    return err;
  }
  struct vm_space *old = p->vm;
  bool running = p == proc_current();
  spin_lock(&p->lock);
  p->vm = vm;
  spin_unlock(&p->lock);
  if (running)
    vm_activate(vm);
  vm_destroy(old);
  set_name(p, path);
  start_registers(p->tf, entry, sp, argc, argv_uva);
  return 0;
}
