/* The pool of address spaces, shared by mm/vm.c (which hands them out)
 * and mm/vmcheck.c (which locks and walks them all). Private to mm/. */
#ifndef MM_VM_POOL_H
#define MM_VM_POOL_H

#include "mm/vm.h"
#include "uapi/limits.h"

#define VM_POOL_SIZE (2 * NPROC) /* each process, plus one being built by exec */

/* vm_pool_lock guards every vm_pool[i].in_use. It comes before any vm->lock. */
extern struct spinlock vm_pool_lock;
extern struct vm_space vm_pool[VM_POOL_SIZE];

#endif
