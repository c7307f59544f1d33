/* The address-space views (vmregions, vmpages) made easy to loop over, and
 * the names pmap, vmprint and memviz print. */
#include "user/user.h"
#include "uapi/layout.h"

int vm_each_page(int pid, void (*fn)(const struct vmpage *page, void *arg), void *arg)
{
  struct vmpage batch[VMINFO_BATCH];
  uint64 from = 0;
  for (;;) {
    int n = vmpages(pid, from, batch, VMINFO_BATCH);
    if (n <= 0)
      return n;
    for (int i = 0; i < n; i++)
      fn(&batch[i], arg);
    from = batch[n - 1].va + UAPI_PAGE_SIZE;
  }
}

void vm_region_add_counts(struct vmregion *a, const struct vmregion *b)
{
  a->present += b->present;
  for (int i = 0; i < VMPAGE_NSTATES; i++)
    a->pages[i] += b->pages[i];
  a->tables += b->tables;
  a->tables_shared += b->tables_shared;
  a->file += b->file;
  a->refs += b->refs;
}

/* Add piece b, which continues a, to a. */
static void join_region(struct vmregion *a, const struct vmregion *b)
{
  a->end = b->end;
  a->flags = b->flags;
  vm_region_add_counts(a, b);
}

int vm_read_regions(int pid, struct vmregion *out, int max)
{
  struct vmregion batch[VMINFO_BATCH];
  uint64 from = 0;
  int count = 0;
  for (;;) {
    int n = vmregions(pid, from, batch, VMINFO_BATCH);
    if (n <= 0)
      return n < 0 ? -1 : count;
    for (int i = 0; i < n; i++) {
      if (count > 0 && (out[count - 1].flags & VMREGION_MORE))
        join_region(&out[count - 1], &batch[i]);
      else if (count < max)
        out[count++] = batch[i];
      else
        return count;
    }
    from = batch[n - 1].end;
  }
}

const char *vmpage_state_name(unsigned int state)
{
  static const char *const names[VMPAGE_NSTATES] = {
    [VMPAGE_PRIVATE] = "private", [VMPAGE_COW] = "cow", [VMPAGE_COW_LAST] = "cow-last",
    [VMPAGE_SHARED_RO] = "shared-ro", [VMPAGE_RO] = "ro",
  };
  return state < VMPAGE_NSTATES ? names[state] : "?";
}

const char *vmkind_name(unsigned int kind)
{
  return kind == VMKIND_IMAGE ? "image" : kind == VMKIND_HEAP ? "heap"
       : kind == VMKIND_STACK ? "stack" : "?";
}

const char *fork_policy_name(void)
{
  struct memstat st;
  if (memstat(&st) < 0)
    return "cow=?";
  return st.fork_policy == MEMSTAT_FORK_TABLE ? "cow=table"
       : st.fork_policy == MEMSTAT_FORK_PAGE ? "cow=page" : "cow=off";
}
