/* What SYS_vmregions and SYS_vmpages report: a process's address space,
 * region by region or page by page, with the copy-on-write state of each
 * page. Shared by kernel and user space; docs/syscalls.md has the meaning
 * of every field. */
#ifndef UAPI_VMINFO_H
#define UAPI_VMINFO_H

/* Records one call returns at most, whatever the caller asks for: the
 * kernel gathers them under the address-space lock into a buffer of this
 * size on its stack, then copies them out. Ask again from where the last
 * record ended for more. */
#define VMINFO_BATCH 16

/* Sv39 PTE bits, as vmpage.pte, .l1 and .l2 carry them (hardware facts,
 * plus the kernel's two uses of RSW bit 8). */
#define VMPTE_V 0x001UL
#define VMPTE_R 0x002UL
#define VMPTE_W 0x004UL
#define VMPTE_X 0x008UL
#define VMPTE_U 0x010UL
#define VMPTE_G 0x020UL
#define VMPTE_A 0x040UL
#define VMPTE_D 0x080UL
#define VMPTE_SW_WRITE      0x100UL /* leaf: the program may write the page */
#define VMPTE_TABLE_NO_WRITE 0x100UL /* level-1 entry: its leaf table holds no
                                        writable entry (it may be shared) */
#define VMPTE_PPN_SHIFT 10
#define VMPTE_PA(pte) (((pte) >> VMPTE_PPN_SHIFT) << 12)

/* A present page's state, as a write to it would find it. */
#define VMPAGE_PRIVATE   0 /* writable now: this address space's alone */
#define VMPAGE_COW       1 /* copy-on-write, shared: a write copies it */
#define VMPAGE_COW_LAST  2 /* copy-on-write, last sharer: a write reuses it */
#define VMPAGE_SHARED_RO 3 /* read-only (text), shared with others */
#define VMPAGE_RO        4 /* read-only, this address space's alone */
#define VMPAGE_NSTATES   5

/* vmpage.backing: whose frame it is. */
#define VMBACK_ANON 0 /* a page of the process's own (heap, stack, a copy) */
#define VMBACK_FILE 1 /* a page of a file, mapped by exec (read-only text, or
                         data still shared copy-on-write with the file) */

/* Which part of the address space (include/uapi/layout.h). */
#define VMKIND_IMAGE 0 /* the program: text, data, bss */
#define VMKIND_HEAP  1 /* [end of program, break): sbrk */
#define VMKIND_STACK 2 /* [USTACK_BOTTOM, USTACK_TOP) */

/* vmregion.prot: what the program may do (a COW page counts as writable). */
#define VMPROT_R 1
#define VMPROT_W 2
#define VMPROT_X 4

/* vmregion.flags */
#define VMREGION_MORE 1 /* the kernel stopped counting here (its work per call
                           is bounded): the next record, from .end on,
                           continues the same region */

struct vmregion {
  unsigned long start;          /* first address */
  unsigned long end;            /* first address after it */
  unsigned int kind;            /* VMKIND_* */
  unsigned int prot;            /* VMPROT_* */
  unsigned int flags;           /* VMREGION_* */
  unsigned int present;         /* pages mapped now (lazy ones may not be) */
  unsigned int pages[VMPAGE_NSTATES]; /* present pages in each VMPAGE_* state */
  unsigned int tables;          /* leaf page tables met in [start, end) */
  unsigned int tables_shared;   /* of those, shared with other address spaces */
  unsigned int file;            /* present pages whose frame is a file's (VMBACK_FILE) */
  unsigned long refs;           /* sum of the present pages' frame counts */
};

struct vmpage {
  unsigned long va;         /* the page's virtual address */
  unsigned long pte;        /* its leaf entry (level 0): frame and flags */
  unsigned long l1;         /* the level-1 entry pointing at its leaf table */
  unsigned long l2;         /* the root (level-2) entry pointing at that */
  unsigned long root;       /* physical address of the root table */
  unsigned int refs;        /* the frame's reference count: leaf tables
                               mapping it, a shared table counted once */
  unsigned int table_refs;  /* the leaf table's count: address spaces whose
                               level-1 entry points at it */
  unsigned int state;       /* VMPAGE_* */
  unsigned int kind;        /* VMKIND_* */
  unsigned int backing;     /* VMBACK_* */
  unsigned int reserved;    /* 0 */
};

#endif
