/* copyin/copyout/copyinstr: user memory through a software page walk.
 * Each page is copied while holding the vm lock, so the frame cannot be
 * unmapped mid-copy. A page that is missing, COW or demand-zero goes
 * through vm_fault() first - the same code a user page fault runs. */
#include "mm/uaccess.h"
#include "arch/riscv/addr.h"
#include "mm/pagetable.h"
#include "lib/errno.h"
#include "lib/string.h"

enum copy_dir { TO_USER, FROM_USER, STRING_FROM_USER };

struct chunk {
  enum copy_dir dir;
  uint8_t *kbuf;     /* kernel side */
  size_t len;        /* bytes to move in this page */
  bool found_nul;    /* STRING_FROM_USER: stopped at a NUL */
};

static bool pte_allows(pte_t pte, enum copy_dir dir)
{
  if (!pte_valid(pte) || !pte_user(pte))
    return false;
  return dir == TO_USER ? pte_writable(pte) : pte_readable(pte);
}

/* Move one chunk within the page of `uva` if its PTE allows it right now.
 * Returns true if done, false if the page needs vm_fault() first. */
static bool try_chunk(struct vm_space *vm, vaddr_t uva, struct chunk *c)
{
  bool done = false;
  spin_lock(&vm->lock);
  pte_t *slot = pt_lookup_user(vm->root, uva);
  if (slot && pte_allows(*slot, c->dir)) {
    uint8_t *user = (uint8_t *)pa_to_kva(pte_pa(*slot)) + (uva & (PAGE_SIZE - 1));
    if (c->dir == TO_USER) {
      memcpy(user, c->kbuf, c->len);
    } else if (c->dir == FROM_USER) {
      memcpy(c->kbuf, user, c->len);
    } else {
      size_t n = 0;
      while (n < c->len && (c->kbuf[n] = user[n]) != 0)
        n++;
      c->found_nul = n < c->len;
      c->len = c->found_nul ? n : c->len;
    }
    done = true;
  }
  spin_unlock(&vm->lock);
  return done;
}

/* vm_fault()'s verdict as an errno. */
static int fault_errno(enum vm_fault_result r)
{
  return r == VM_FAULT_OK ? 0 : r == VM_FAULT_OOM ? -ENOMEM : -EFAULT;
}

static int do_chunk(struct vm_space *vm, vaddr_t uva, struct chunk *c)
{
  if (try_chunk(vm, uva, c))
    return 0;
  int err = fault_errno(vm_fault(vm, uva, c->dir == TO_USER ? VM_WRITE : VM_READ));
  if (err)
    return err;
  return try_chunk(vm, uva, c) ? 0 : -EFAULT;
}

static bool range_ok(vaddr_t uva, size_t len)
{
  return uva + len >= uva && uva + len <= USER_VA_LIMIT;
}

int copyout_prepare(struct vm_space *vm, vaddr_t dst, size_t len)
{
  if (!range_ok(dst, len))
    return -EFAULT;
  for (vaddr_t page = PAGE_ROUND_DOWN(dst); page < dst + len; page += PAGE_SIZE) {
    int err = fault_errno(vm_fault(vm, page, VM_WRITE));
    if (err)
      return err;
  }
  return 0;
}

static int copy_range(struct vm_space *vm, vaddr_t uva, uint8_t *kbuf, size_t len,
                      enum copy_dir dir)
{
  if (!range_ok(uva, len))
    return -EFAULT;
  while (len) {
    size_t in_page = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
    struct chunk c = { dir, kbuf, MIN(len, in_page), false };
    int err = do_chunk(vm, uva, &c);
    if (err)
      return err == -ENOMEM ? -ENOMEM : -EFAULT;
    uva += c.len, kbuf += c.len, len -= c.len;
  }
  return 0;
}

int copyout(struct vm_space *vm, vaddr_t dst, const void *src, size_t len)
{
  return copy_range(vm, dst, (uint8_t *)src, len, TO_USER);
}

int copyin(struct vm_space *vm, void *dst, vaddr_t src, size_t len)
{
  return copy_range(vm, src, dst, len, FROM_USER);
}

int64_t copyinstr(struct vm_space *vm, char *dst, vaddr_t src, size_t max)
{
  size_t copied = 0;
  while (copied < max) {
    if (!va_is_user(src))
      return -EFAULT;
    size_t in_page = PAGE_SIZE - (src & (PAGE_SIZE - 1));
    struct chunk c = { STRING_FROM_USER, (uint8_t *)dst + copied, MIN(max - copied, in_page), false };
    if (do_chunk(vm, src, &c) != 0)
      return -EFAULT;
    copied += c.len;
    if (c.found_nul)
      return (int64_t)copied;
    src += c.len;
  }
  if (max)
    dst[max - 1] = 0;
  return -ENAMETOOLONG;
}
