/* pmap [-v] [PID]: a process's address space, region by region, in the
 * style of Linux's `pmap -x`, with copy-on-write columns (the caller's own
 * space without PID). -v lists each page under its region.
 * Columns (docs/user-programs.md has the long form): Kbytes the region's
 * size; Pages present pages; Priv writable, ours alone; COW copy-on-write
 * and shared (a write copies); Last copy-on-write, last sharer (a write
 * reuses); ShRO read-only and shared; RO read-only, ours alone; Refs the
 * sum of the frames' reference counts; Tbl leaf tables / of them shared;
 * File pages whose frame is a file's (exec mapped them from the program
 * file: shared with the file and every process running it). */
#include "user/user.h"

#define MAX_REGIONS 32

static void mode(unsigned int prot, char out[4])
{
  out[0] = prot & VMPROT_R ? 'r' : '-';
  out[1] = prot & VMPROT_W ? 'w' : '-';
  out[2] = prot & VMPROT_X ? 'x' : '-';
  out[3] = 0;
}

static void print_region(const struct vmregion *r)
{
  char m[4];
  mode(r->prot, m);
  printf("%016lx %7lu %6u %5u %5u %5u %5u %5u %5u %6lu %3u/%-3u %s  [%s]\n", r->start,
         (r->end - r->start) / 1024, r->present, r->pages[VMPAGE_PRIVATE],
         r->pages[VMPAGE_COW], r->pages[VMPAGE_COW_LAST], r->pages[VMPAGE_SHARED_RO],
         r->pages[VMPAGE_RO], r->file, r->refs, r->tables, r->tables_shared, m,
         vmkind_name(r->kind));
}

/* pmap -v: the pages of one region, [start, end). */
struct page_filter {
  unsigned long start, end;
};

static void print_page(const struct vmpage *p, void *arg)
{
  const struct page_filter *f = arg;
  if (p->va < f->start || p->va >= f->end)
    return;
  printf("    %016lx pa 0x%lx %-9s refs %u table-refs %u%s%s\n", p->va, VMPTE_PA(p->pte),
         vmpage_state_name(p->state), p->refs, p->table_refs,
         p->l1 & VMPTE_TABLE_NO_WRITE ? " table-no-write" : "",
         p->backing == VMBACK_FILE ? " file" : "");
}

static void add_totals(struct vmregion *t, const struct vmregion *r)
{
  t->end += r->end - r->start; /* the total's "end" is its size */
  vm_region_add_counts(t, r);
}

static void print_totals(const struct vmregion *t)
{
  printf("total            %7lu %6u %5u %5u %5u %5u %5u %5u %6lu\n", t->end / 1024, t->present,
         t->pages[VMPAGE_PRIVATE], t->pages[VMPAGE_COW], t->pages[VMPAGE_COW_LAST],
         t->pages[VMPAGE_SHARED_RO], t->pages[VMPAGE_RO], t->file, t->refs);
}

int main(int argc, char *argv[])
{
  int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
  int pid = argc > 1 + verbose ? atoi(argv[1 + verbose]) : getpid();
  if (argc > 2 + verbose || pid <= 0) {
    fprintf(2, "usage: pmap [-v] [PID]\n");
    return 2;
  }
  static struct vmregion regions[MAX_REGIONS];
  int n = vm_read_regions(pid, regions, MAX_REGIONS);
  if (n < 0) {
    fprintf(2, "pmap: %d: %s\n", pid, strerror(lasterr()));
    return 1;
  }
  printf("%d: (%s)\n", pid, fork_policy_name());
  printf("Address           Kbytes  Pages  Priv   COW  Last  ShRO    RO  File   Refs Tbl/Sh  Mode Mapping\n");
  struct vmregion total = {0};
  for (int i = 0; i < n; i++) {
    print_region(&regions[i]);
    add_totals(&total, &regions[i]);
    struct page_filter f = { regions[i].start, regions[i].end };
    if (verbose && vm_each_page(pid, print_page, &f) < 0)
      fprintf(2, "pmap: pages of %d: %s\n", pid, strerror(lasterr()));
  }
  print_totals(&total);
  return 0;
}
