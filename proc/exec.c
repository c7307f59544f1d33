/* exec: check every ELF header field we rely on, build the new address
 * space beside the old one, and swap only when everything worked. The
 * program is read through the file system, with its inode locked for the
 * whole load (a sleep lock: mapping pages may allocate), so a concurrent
 * write cannot tear it.
 *
 * A page of a segment that is whole in the file, at a page-aligned file
 * offset, is not copied: its file frame is mapped (vm_map_frame), shared
 * read-only for text and copy-on-write for data, so every process running
 * a program shares its text with the file (docs/cow.md, "File-backed
 * pages"). The user linker script (user/user.ld) makes every page of text
 * such a page. Other pages (the one where .data ends and .bss starts,
 * .bss, any page of a segment not aligned in the file) are filled into
 * fresh frames as before. */
#include "proc/exec.h"
#include "mm/cow.h"
#include "proc/proc.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "fs/path.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "arch/riscv/addr.h"
#include "arch/riscv/csr.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "uapi/layout.h"
#include "uapi/stat.h"

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

/* What loading reads from: the program's inode (locked) and a kernel
 * page to stage its bytes in. */
struct loader {
  struct inode *ip;
  uint8_t *stage;
};

/* Exactly n bytes at `off` of the program into kernel memory `to`. */
static int read_exact(struct loader *ld, void *to, uint64_t off, size_t n)
{
  int64_t got = inode_read(ld->ip, fs_io_kernel(to), off, n);
  return got == (int64_t)n ? 0 : -ENOEXEC;
}

/* One page of a segment: the file bytes that fall into it, zeros elsewhere. */
static int load_page(struct vm_space *vm, struct loader *ld, const struct elf_phdr *ph,
                     vaddr_t page, uint64_t perm)
{
  uint64_t from = MAX(page, ph->vaddr), to = MIN(page + PAGE_SIZE, ph->vaddr + ph->filesz);
  int err = 0;
  if (from < to)
    err = read_exact(ld, ld->stage, ph->offset + (from - ph->vaddr), to - from);
  if (!err)
    err = from < to ? vm_map_page(vm, page, perm, from - page, ld->stage, to - from)
                    : vm_map_page(vm, page, perm, 0, NULL, 0);
  return err;
}

/* The file frame holding all of `page`, or PA_NULL if the page is not
 * whole in the segment's file bytes at a page-aligned file offset. */
static paddr_t file_frame_of(struct loader *ld, const struct elf_phdr *ph, vaddr_t page)
{
  if (page < ph->vaddr || page + PAGE_SIZE > ph->vaddr + ph->filesz)
    return PA_NULL;
  uint64_t off = ph->offset + (page - ph->vaddr);
  return IS_PAGE_ALIGNED(off) ? inode_page(ld->ip, off / PAGE_SIZE) : PA_NULL;
}

/* Map the segment page by page: the file's own frame where it can be
 * shared, a fresh frame otherwise. */
static int load_segment(struct vm_space *vm, struct loader *ld, const struct elf_phdr *ph)
{
  vaddr_t start = PAGE_ROUND_DOWN(ph->vaddr), end = PAGE_ROUND_UP(ph->vaddr + ph->memsz);
  uint64_t perm = segment_perm(ph) | PTE_U;
  for (vaddr_t page = start; page < end; page += PAGE_SIZE) {
    paddr_t shared = file_frame_of(ld, ph, page);
    int err = pa_is_null(shared) ? load_page(vm, ld, ph, page, perm)
                                 : vm_map_frame(vm, page, shared, perm);
    if (err == -EEXIST)
      err = -ENOEXEC;
    if (err)
      return err;
    cow_count(pa_is_null(shared) ? &cow_stats.exec_copied : &cow_stats.exec_mapped);
  }
  return 0;
}

/* Load every PT_LOAD segment; *image_end gets the end of the highest. */
static int load_segments(struct vm_space *vm, struct loader *ld, vaddr_t *entry,
                         vaddr_t *image_end)
{
  struct elf_header h;
  uint64_t size = ld->ip->size;
  if (read_exact(ld, &h, 0, sizeof(h)) != 0 || !header_ok(&h, size))
    return -ENOEXEC;
  *image_end = USER_TEXT_BASE;
  bool entry_mapped = false;
  for (int i = 0; i < h.phnum; i++) {
    struct elf_phdr ph;
    if (read_exact(ld, &ph, h.phoff + (uint64_t)i * sizeof(ph), sizeof(ph)) != 0)
      return -ENOEXEC;
    if (ph.type != PT_LOAD || ph.memsz == 0)
      continue;
    if (!segment_ok(&ph, size))
      return -ENOEXEC;
    int err = load_segment(vm, ld, &ph);
    if (err)
      return err;
    *image_end = MAX(*image_end, ph.vaddr + ph.memsz);
    entry_mapped |= (ph.flags & PF_X) && h.entry >= ph.vaddr && h.entry < ph.vaddr + ph.memsz;
  }
  *entry = h.entry;
  return entry_mapped ? 0 : -ENOEXEC;
}

/* The program at `path` (from p's working directory) into vm.
 * => 0, -ENOENT, -ENOTDIR, -ENOEXEC (not a regular file, or
 *    not an ELF we run), -ENOMEM. */
static int load_program(struct proc *p, const char *path, struct vm_space *vm,
                        vaddr_t *entry, vaddr_t *image_end)
{
  struct loader ld;
  int err = path_lookup(p->cwd, path, &ld.ip);
  if (err)
    return err;
  paddr_t stage = frame_alloc(FRAME_KERNEL);
  if (pa_is_null(stage)) {
    inode_put(ld.ip);
    return -ENOMEM;
  }
  ld.stage = pa_to_kva(stage);
  inode_lock(ld.ip);
  err = ld.ip->type == T_FILE ? load_segments(vm, &ld, entry, image_end) : -ENOEXEC;
  inode_unlock_put(ld.ip);
  frame_put(stage);
  return err;
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
  int argc = 0;
  while (argv[argc])
    if (++argc > MAXARG)
      return -E2BIG;
  struct vm_space *vm = vm_create();
  if (!vm)
    return -ENOMEM;
  vaddr_t entry = 0, image_end = 0, sp = 0, argv_uva = 0;
  int err = load_program(p, path, vm, &entry, &image_end);
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
