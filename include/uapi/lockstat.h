/* struct lockstat_class: what SYS_lockstat reports, one entry per lock
 * class (all the spinlocks that share a name: every process's "proc" lock
 * is one class). Shared by kernel and user space. */
#ifndef UAPI_LOCKSTAT_H
#define UAPI_LOCKSTAT_H

#define LOCKSTAT_NAME_MAX 16 /* with the NUL; longer names are cut */
#define LOCKSTAT_CLASSES  32 /* classes the kernel tells apart */

struct lockstat_class {
  char name[LOCKSTAT_NAME_MAX];
  unsigned long acquisitions; /* since boot, all harts */
  unsigned long contended;    /* of those, how many found the lock taken and spun */
};

#endif
