/* System calls that show an address space to its learners: vmregions (27)
 * and vmpages (28), docs/syscalls.md. Any process may look at any other:
 * this kernel has no users to keep apart, and the views exist so that a
 * shell command (pmap, vmprint) can watch another program's pages - a
 * sibling, not a child. They show physical addresses, which a kernel with
 * users would hide from the unprivileged (Linux has since 4.0: rowhammer).
 *
 * Both gather at most VMINFO_BATCH records under the target's vm lock into
 * a buffer on this stack, and copy them out after unlocking: copyout takes
 * the caller's vm lock (maybe the same one) and may fault and allocate. */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "mm/vminfo.h"
#include "lib/errno.h"
#include "lib/spinlock.h"

union vminfo_buffer {
  struct vmregion regions[VMINFO_BATCH];
  struct vmpage pages[VMINFO_BATCH];
};

/* Fill buf with up to n records of vm from `from` on (vm->lock held). */
typedef int (*gather_fn)(struct vm_space *vm, vaddr_t from, union vminfo_buffer *buf, int n);

static int gather_regions(struct vm_space *vm, vaddr_t from, union vminfo_buffer *buf, int n)
{
  return vminfo_regions(vm, from, buf->regions, n);
}

static int gather_pages(struct vm_space *vm, vaddr_t from, union vminfo_buffer *buf, int n)
{
  return vminfo_pages(vm, from, buf->pages, n);
}

/* call(pid, from, buf, n) for records of `size` bytes: n < 0 is -EINVAL;
 * more than VMINFO_BATCH means VMINFO_BATCH; buf must be writable for that
 * many records (-EFAULT, or -ENOMEM making it so; checked first, even when no record
 * would be written);
 * no such process, or one without an address space, is -ESRCH. Returns
 * how many records were written. */
static int64_t report(const uint64_t args[SYSCALL_ARGS], size_t size, gather_fn gather)
{
  int n = arg_int(args, 3);
  if (n < 0)
    return -EINVAL;
  n = MIN(n, VMINFO_BATCH);
  struct vm_space *self = proc_current()->vm;
  int err = copyout_prepare(self, args[2], n * size);
  if (err)
    return err;
  union vminfo_buffer buf;
  struct vm_space *vm = proc_lock_vm(arg_int(args, 0));
  if (!vm)
    return -ESRCH;
  int got = gather(vm, args[1], &buf, n);
  spin_unlock(&vm->lock);
  err = copyout(self, args[2], &buf, got * size);
  return err ? err : got;
}

/* vmregions(pid, from, buf, n): the regions of pid's address space that
 * end above `from` (pid 0: the caller). */
int64_t sys_vmregions(const uint64_t args[SYSCALL_ARGS])
{
  return report(args, sizeof(struct vmregion), gather_regions);
}

/* vmpages(pid, from, buf, n): pid's present pages at or above `from`. */
int64_t sys_vmpages(const uint64_t args[SYSCALL_ARGS])
{
  return report(args, sizeof(struct vmpage), gather_pages);
}
