/* Views of one address space for learners (SYS_vmregions, SYS_vmpages):
 * each present page with its PTEs, its frame's count and its leaf table's
 * count, and the regions they make up. Read-only: nothing here changes a
 * table or a count. Output formats: include/uapi/vminfo.h.
 *
 * Every function is called with vm->lock held (the caller pins the vm
 * against exit and exec: proc_lock_vm), and does work bounded by its `n`
 * (at most VMINFO_BATCH records) and by a scan budget, so the interrupt-
 * off stretch stays short whatever the address space looks like. */
#ifndef MM_VMINFO_H
#define MM_VMINFO_H

#include "mm/vm.h"
#include "uapi/vminfo.h"

/* Fill out[0..n) with the present pages at or above `from`, in address
 * order. Returns how many (0: none left). Caller holds vm->lock. */
int vminfo_pages(struct vm_space *vm, vaddr_t from, struct vmpage *out, int n);

/* Fill out[0..n) with the regions that end above `from`, in address order
 * (a region met part-way starts at `from`). Returns how many (0: none
 * left). A region cut short by the scan budget has VMREGION_MORE set and
 * the next record continues it. Caller holds vm->lock. */
int vminfo_regions(struct vm_space *vm, vaddr_t from, struct vmregion *out, int n);

#endif
