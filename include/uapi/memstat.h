/* struct memstat: what SYS_memstat reports. Shared by kernel and user space. */
#ifndef UAPI_MEMSTAT_H
#define UAPI_MEMSTAT_H

struct memstat {
  unsigned long frames_total; /* frames the allocator manages */
  unsigned long frames_free;  /* of those, free now */
  unsigned long cow_faults;   /* writes that hit a COW page (faults and copyout) */
  unsigned long cow_copies;   /* COW pages resolved by copying */
  unsigned long cow_reuses;   /* COW pages resolved by reuse (last reference) */
  unsigned long fork_shared;  /* pages shared, not copied, at fork */
  unsigned long fork_copied;  /* pages copied at fork (cow=off) */
  unsigned long pt_frames;    /* frames holding page tables now */
  unsigned long fork_cow;     /* 1 if fork shares pages copy-on-write, 0 for cow=off */
  unsigned long irq_off_max_us; /* longest interrupt-off stretch since the
                                   previous memstat call (read and reset) */
  unsigned long fs_frames;    /* frames the file system holds (inodes, file pages) */
  unsigned long fs_frames_max; /* its limit (fsmax) */
  unsigned long fork_policy;  /* MEMSTAT_FORK_*: the kernel's cow= word */
  unsigned long tables_shared;   /* leaf page tables shared at fork (cow=table) */
  unsigned long tables_unshared; /* shared leaf tables copied at their first change */
  unsigned long file_pages_mapped; /* program pages exec mapped from the file's frames
                                      (shared: text read-only, data copy-on-write) */
  unsigned long exec_pages_copied; /* program pages exec gave a fresh frame (the partial
                                      data page, .bss, pages not aligned in the file) */
};

/* memstat.fork_policy */
#define MEMSTAT_FORK_EAGER 0 /* cow=off: fork copies every page */
#define MEMSTAT_FORK_PAGE  1 /* cow=page: fork shares pages, one PTE at a time */
#define MEMSTAT_FORK_TABLE 2 /* cow=table (the default): fork shares leaf tables */

#endif
