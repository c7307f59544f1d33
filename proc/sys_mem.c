/* Memory system calls: sbrk, memstat, vmcheck. */
#include "proc/syscall.h"
#include "proc/proc.h"
#include "proc/fork.h"
#include "fs/inode.h"
#include "mm/cow.h"
#include "mm/frame.h"
#include "mm/pagetable.h"
#include "mm/uaccess.h"
#include "arch/riscv/timer.h"
#include "lib/errno.h"
#include "lib/spinlock.h"
#include "uapi/memstat.h"
#include "uapi/syscall.h"

#define US_PER_S 1000000UL

/* sbrk(n, type): n is an int (the xv6 ABI); type SBRK_LAZY defers the
 * pages to first touch. Returns the old break. */
int64_t sys_sbrk(const uint64_t args[SYSCALL_ARGS])
{
  int n = arg_int(args, 0);
  int type = arg_int(args, 1);
  if (type != SBRK_EAGER && type != SBRK_LAZY)
    return -EINVAL;
  return vm_sbrk(proc_current()->vm, n, type == SBRK_LAZY);
}

static unsigned long memstat_policy(enum fork_policy policy)
{
  switch (policy) {
  case FORK_SHARE_TABLES: return MEMSTAT_FORK_TABLE;
  case FORK_SHARE_PAGES: return MEMSTAT_FORK_PAGE;
  case FORK_EAGER_COPY: return MEMSTAT_FORK_EAGER;
  }
  return MEMSTAT_FORK_EAGER;
}

int64_t sys_memstat(const uint64_t args[SYSCALL_ARGS])
{
  struct memstat st = {
    .frames_total = frames_total(),
    .frames_free = frames_free(),
    .cow_faults = __atomic_load_n(&cow_stats.faults, __ATOMIC_RELAXED),
    .cow_copies = __atomic_load_n(&cow_stats.copies, __ATOMIC_RELAXED),
    .cow_reuses = __atomic_load_n(&cow_stats.reuses, __ATOMIC_RELAXED),
    .fork_shared = __atomic_load_n(&cow_stats.fork_shared, __ATOMIC_RELAXED),
    .fork_copied = __atomic_load_n(&cow_stats.fork_copied, __ATOMIC_RELAXED),
    .pt_frames = pt_frames_in_use(),
    .fork_cow = fork_policy() != FORK_EAGER_COPY,
    .irq_off_max_us = irq_off_longest_take() * US_PER_S / timer_timebase_hz(),
    .fs_frames = fs_frames_used(),
    .fs_frames_max = fs_frames_max(),
    .fork_policy = memstat_policy(fork_policy()),
    .tables_shared = __atomic_load_n(&cow_stats.tables_shared, __ATOMIC_RELAXED),
    .tables_unshared = __atomic_load_n(&cow_stats.tables_unshared, __ATOMIC_RELAXED),
    .file_pages_mapped = __atomic_load_n(&cow_stats.exec_mapped, __ATOMIC_RELAXED),
    .exec_pages_copied = __atomic_load_n(&cow_stats.exec_copied, __ATOMIC_RELAXED),
  };
  return copyout(proc_current()->vm, args[0], &st, sizeof(st));
}

/* vmcheck(): 0 if the invariants hold, the number of problems found (> 0)
 * if not, -1 if the check could not run (no memory for its tally): every
 * negative result is -1 at the xv6 ABI, so problems are reported positive. */
int64_t sys_vmcheck(const uint64_t args[SYSCALL_ARGS])
{
  return vm_check_invariants();
}
