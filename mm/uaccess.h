/* Copying between kernel and user memory. sstatus.SUM stays clear: the
 * kernel never dereferences a user pointer. Each page is translated in
 * software through the address space, which checks PTE_U (and write
 * permission for copyout) and resolves demand-zero and COW pages through
 * vm_fault() - the same path as a user page fault.
 * All return 0 or -EFAULT (bad address anywhere in the range) / -ENOMEM. */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include "lib/types.h"
#include "mm/vm.h"

int copyout(struct vm_space *vm, vaddr_t dst, const void *src, size_t len);
/* Make [dst, dst+len) writable now (demand-zero and COW pages resolved), so
 * that a copyout to it right after cannot fail: a reader that has taken
 * bytes out of a pipe or the console must not lose them to a bad buffer.
 * Only the address space's own process changes its mappings, and it is
 * busy in this system call, so the range stays writable. */
int copyout_prepare(struct vm_space *vm, vaddr_t dst, size_t len);
int copyin(struct vm_space *vm, void *dst, vaddr_t src, size_t len);
/* Copy a NUL-terminated string of at most max-1 characters. Returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL comes within `max`. */
int64_t copyinstr(struct vm_space *vm, char *dst, vaddr_t src, size_t max);

#endif
