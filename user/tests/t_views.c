/* The address-space views (issue 14): vmpages and vmregions must report
 * what fork, a write and an exit really did to each page, under each fork
 * policy (memstat.fork_policy), and refuse bad input like every call.
 *
 * The pages looked at are a 4-page heap region at a 2 MiB boundary, so
 * under cow=table they have a leaf table of their own that nothing but
 * the test's own writes touches. A helper child waits on a pipe and
 * writes page 0 when told. */
#include "tutil.h"
#include "tests.h"
#include "user/errno.h"

#define SPAN (2 * 1024 * 1024)
#define VPAGES 4
#define TAG_PARENT 0x7a7a
#define TAG_CHILD 0xc4c4

static char *region;

/* A 4-page region at a 2 MiB boundary, every page written. */
static void make_region(void)
{
  region = t_heap_align_to(SPAN);
  if (sbrk(VPAGES * PGSIZE) == SBRK_ERROR)
    FAIL("sbrk for the region failed");
  t_stamp(region, 0, VPAGES, TAG_PARENT);
}

/* Page i of the region as process pid sees it. */
static struct vmpage page_in(int pid, int i)
{
  struct vmpage p;
  uint64 va = (uint64)region + (uint64)i * PGSIZE;
  CHECK_EQ(vmpages(pid, va, &p, 1), 1);
  CHECK_EQ(p.va, va);
  return p;
}

static uint64 frame_of(struct vmpage p)
{
  return VMPTE_PA(p.pte);
}

/* ---- a child that writes page 0 on demand ------------------------------- */

struct helper {
  int pid;
  int cmd, ack; /* our ends */
};

static void helper_start(struct helper *h)
{
  int down[2], up[2];
  t_pipe(down);
  t_pipe(up);
  h->pid = t_fork();
  if (h->pid == 0) {
    char c;
    close(down[1]);
    close(up[0]);
    while (read(down[0], &c, 1) == 1) {
      t_stamp(region, 0, 1, TAG_CHILD);
      t_write_full(up[1], "k", 1);
    }
    exit(0);
  }
  close(down[0]);
  close(up[1]);
  h->cmd = down[1];
  h->ack = up[0];
}

static void helper_write_page0(struct helper *h)
{
  char c;
  t_write_full(h->cmd, "w", 1);
  t_read_full(h->ack, &c, 1);
}

static void helper_end(struct helper *h)
{
  close(h->cmd);
  close(h->ack);
  CHECK_EQ(t_wait_one(h->pid), 0);
}

/* ---- what fork leaves ----------------------------------------------------- */

/* Page a (the parent's) and b (the child's) of the same address right
 * after fork, by policy. */
static void expect_forked(struct vmpage a, struct vmpage b, int policy)
{
  if (policy == MEMSTAT_FORK_EAGER) {
    CHECK_EQ(a.state, VMPAGE_PRIVATE);
    CHECK_EQ(b.state, VMPAGE_PRIVATE);
    CHECK(frame_of(a) != frame_of(b));
    CHECK_EQ(a.refs, 1);
    CHECK_EQ(b.refs, 1);
    return;
  }
  CHECK_EQ(a.state, VMPAGE_COW);
  CHECK_EQ(b.state, VMPAGE_COW);
  CHECK_EQ(frame_of(a), frame_of(b));
  CHECK(!(a.pte & VMPTE_W) && (a.pte & VMPTE_SW_WRITE));
  CHECK(!(b.pte & VMPTE_W) && (b.pte & VMPTE_SW_WRITE));
  int tables = policy == MEMSTAT_FORK_TABLE;
  CHECK_EQ(a.refs, tables ? 1 : 2);        /* one leaf table, or two */
  CHECK_EQ(a.table_refs, tables ? 2 : 1);  /* ...shared by both, or not */
  CHECK_EQ(b.table_refs, a.table_refs);
  CHECK_EQ(VMPTE_PA(a.l1) == VMPTE_PA(b.l1), tables);
  CHECK_EQ(!!(a.l1 & VMPTE_TABLE_NO_WRITE), tables);
}

/* Guards against the views misreporting fork: before it the region is
 * private; after it both processes' pages are COW on one frame (counted
 * by one shared leaf table under cow=table, by two tables under cow=page)
 * or private copies (cow=off); text is shared read-only, or copied. */
void test_views_fork_states(void)
{
  int policy = t_fork_policy();
  make_region();
  struct vmpage before = page_in(0, 0);
  CHECK_EQ(before.state, VMPAGE_PRIVATE);
  CHECK_EQ(before.refs, 1);
  CHECK_EQ(before.table_refs, 1);
  CHECK_EQ(before.kind, VMKIND_HEAP);
  CHECK(before.pte & VMPTE_W);
  struct helper h;
  helper_start(&h);
  for (int i = 0; i < VPAGES; i++)
    expect_forked(page_in(0, i), page_in(h.pid, i), policy);
  struct vmpage text_p, text_c;
  CHECK_EQ(vmpages(0, USER_TEXT_BASE, &text_p, 1), 1);
  CHECK_EQ(vmpages(h.pid, USER_TEXT_BASE, &text_c, 1), 1);
  CHECK_EQ(text_p.kind, VMKIND_IMAGE);
  CHECK_EQ(text_p.state, policy == MEMSTAT_FORK_EAGER ? VMPAGE_RO : VMPAGE_SHARED_RO);
  CHECK_EQ(text_c.state, text_p.state);
  CHECK_EQ(frame_of(text_p) == frame_of(text_c), policy != MEMSTAT_FORK_EAGER);
  helper_end(&h);
}

/* Guards against stale or wrong states after writes: the child writes
 * page 0 and the parent page 1; each writer's page is private on a frame
 * of its own, the other side's copy of it is the last sharer (a write
 * would reuse it), and pages 2 and 3 are still COW on one frame. */
void test_views_write_each(void)
{
  int policy = t_fork_policy();
  make_region();
  struct helper h;
  helper_start(&h);
  helper_write_page0(&h);
  t_stamp(region, 1, 2, TAG_PARENT + 1);
  int cow = policy != MEMSTAT_FORK_EAGER;
  for (int i = 0; i < 2; i++) {
    struct vmpage writer = page_in(i == 0 ? h.pid : 0, i);
    struct vmpage other = page_in(i == 0 ? 0 : h.pid, i);
    CHECK_EQ(writer.state, VMPAGE_PRIVATE);
    CHECK_EQ(other.state, cow ? VMPAGE_COW_LAST : VMPAGE_PRIVATE);
    CHECK(frame_of(writer) != frame_of(other));
    CHECK_EQ(writer.refs, 1);
    CHECK_EQ(other.refs, 1);
    CHECK_EQ(other.table_refs, 1);
  }
  for (int i = 2; i < VPAGES; i++) {
    struct vmpage a = page_in(0, i), b = page_in(h.pid, i);
    CHECK_EQ(a.state, cow ? VMPAGE_COW : VMPAGE_PRIVATE);
    CHECK_EQ(b.state, a.state);
    CHECK_EQ(frame_of(a) == frame_of(b), cow);
    CHECK_EQ(a.refs, cow ? 2 : 1); /* both leaf tables are private now */
    CHECK_EQ(a.table_refs, 1);
  }
  helper_end(&h);
}

/* Guards against the last sharer being reported shared, or copying: once
 * the child has exited, the parent's pages are COW with no other sharer,
 * and a write makes one private on the same frame (reused, not copied). */
void test_views_last_sharer(void)
{
  int policy = t_fork_policy();
  make_region();
  struct helper h;
  helper_start(&h);
  helper_end(&h);
  for (int i = 0; i < VPAGES; i++) {
    struct vmpage p = page_in(0, i);
    CHECK_EQ(p.state, policy == MEMSTAT_FORK_EAGER ? VMPAGE_PRIVATE : VMPAGE_COW_LAST);
    CHECK_EQ(p.refs, 1);
    CHECK_EQ(p.table_refs, 1);
  }
  struct vmpage before = page_in(0, 0);
  t_stamp(region, 0, 1, TAG_PARENT + 2);
  struct vmpage after = page_in(0, 0);
  CHECK_EQ(after.state, VMPAGE_PRIVATE);
  CHECK_EQ(frame_of(after), frame_of(before));
  CHECK(after.pte & VMPTE_W);
}

/* ---- regions ---------------------------------------------------------------- */

#define MAX_REGIONS 16

static const struct vmregion *find_kind(const struct vmregion *r, int n, unsigned int kind)
{
  for (int i = 0; i < n; i++)
    if (r[i].kind == kind)
      return &r[i];
  FAIL("no region of that kind");
}

/* Every region's page counts add up to its present pages. */
static void check_sums(const struct vmregion *r, int n)
{
  for (int i = 0; i < n; i++) {
    unsigned int sum = 0;
    for (int s = 0; s < VMPAGE_NSTATES; s++)
      sum += r[i].pages[s];
    CHECK_EQ(sum, r[i].present);
    CHECK(r[i].refs >= r[i].present);
    CHECK(r[i].start < r[i].end);
    CHECK(!(r[i].flags & VMREGION_MORE));
    CHECK(r[i].tables >= r[i].tables_shared);
    CHECK_EQ(r[i].present > 0, r[i].tables > 0);
  }
}

/* Guards against a wrong layout or wrong sums in vmregions: text (r-x)
 * first at USER_TEXT_BASE, then data (rw-), the heap up to the break, the
 * stack; and, in a forked child, the region's pages counted COW and its
 * leaf table shared, by policy. */
void test_views_regions(void)
{
  int policy = t_fork_policy();
  make_region();
  struct vmregion r[MAX_REGIONS];
  int n = vm_read_regions(0, r, MAX_REGIONS);
  CHECK(n >= 4);
  check_sums(r, n);
  CHECK_EQ(r[0].kind, VMKIND_IMAGE);
  CHECK_EQ(r[0].start, USER_TEXT_BASE);
  CHECK_EQ(r[0].prot, VMPROT_R | VMPROT_X);
  CHECK_EQ(r[1].kind, VMKIND_IMAGE);
  CHECK_EQ(r[1].prot, VMPROT_R | VMPROT_W);
  const struct vmregion *heap = find_kind(r, n, VMKIND_HEAP);
  CHECK_EQ(heap->end, (uint64)sbrk(0));
  CHECK(heap->present >= VPAGES);
  CHECK_EQ(r[n - 1].kind, VMKIND_STACK);
  CHECK_EQ(r[n - 1].start, USTACK_BOTTOM);
  CHECK_EQ(r[n - 1].end, USTACK_TOP);
  struct helper h;
  helper_start(&h);
  int m = vm_read_regions(h.pid, r, MAX_REGIONS);
  CHECK_EQ(m, n);
  check_sums(r, m);
  heap = find_kind(r, m, VMKIND_HEAP);
  CHECK(heap->pages[VMPAGE_COW] >= (policy == MEMSTAT_FORK_EAGER ? 0 : VPAGES));
  CHECK_EQ(heap->pages[VMPAGE_COW] == 0, policy == MEMSTAT_FORK_EAGER);
  CHECK_EQ(heap->tables_shared > 0, policy == MEMSTAT_FORK_TABLE);
  helper_end(&h);
}

#define BUDGET_SPANS 40 /* more leaf tables than one vmregions call visits */

/* Guards against vmregions doing unbounded work under the vm lock, or
 * losing pages at its cut: a heap of 40 leaf tables comes back in pieces
 * (VMREGION_MORE), each cut at a 2 MiB boundary, and the joined heap
 * counts every page and table once. */
void test_views_region_budget(void)
{
  char *base = t_heap_align_to(SPAN);
  if (sbrklazy(BUDGET_SPANS * SPAN) == SBRK_ERROR)
    FAIL("sbrklazy failed");
  for (int s = 0; s < BUDGET_SPANS; s++)
    base[(uint64)s * SPAN] = 1;
  struct vmregion r[VMINFO_BATCH];
  int n = vmregions(0, (uint64)base, r, VMINFO_BATCH);
  CHECK(n >= 1);
  CHECK_EQ(r[0].kind, VMKIND_HEAP);
  CHECK(r[0].flags & VMREGION_MORE);
  CHECK_EQ(r[0].end % SPAN, 0);
  CHECK(r[0].end < (uint64)sbrk(0));
  struct vmregion all[MAX_REGIONS];
  int m = vm_read_regions(0, all, MAX_REGIONS);
  const struct vmregion *heap = find_kind(all, m, VMKIND_HEAP);
  CHECK_EQ(heap->end, (uint64)sbrk(0));
  CHECK(heap->present >= BUDGET_SPANS);
  CHECK(heap->tables >= BUDGET_SPANS);
  check_sums(all, m);
}

/* ---- bad input ------------------------------------------------------------ */

#define EXPECT_ERRNO(call, err)                          \
  do {                                                   \
    CHECK_EQ((call), -1);                                \
    CHECK_EQ(lasterr(), (err));                          \
  } while (0)

/* Both calls through one signature, for the table-driven checks. */
typedef int (*view_fn)(int pid, uint64 from, void *buf, int n);

static int call_pages(int pid, uint64 from, void *buf, int n)
{
  return vmpages(pid, from, buf, n);
}

static int call_regions(int pid, uint64 from, void *buf, int n)
{
  return vmregions(pid, from, buf, n);
}

/* One call's refusals: bad buffers (EFAULT, even when there would be
 * nothing to write), a negative count (EINVAL), no such process or a
 * zombie (ESRCH); and its harmless limits: n = 0, an address at or past
 * the end of user space, a count far above VMINFO_BATCH. */
static void check_bad_input(view_fn call, int size, int zombie)
{
  static char buf[(VMINFO_BATCH + 1) * 128];
  char *brk = sbrk(0);
  EXPECT_ERRNO(call(0, 0, 0, 1), EFAULT);
  EXPECT_ERRNO(call(0, 0, (void *)USER_TEXT_BASE, 1), EFAULT);
  EXPECT_ERRNO(call(0, 0, (void *)0xffffffc080200000UL, 1), EFAULT);
  EXPECT_ERRNO(call(0, 0, brk - size + 8, 1), EFAULT);        /* runs past the break */
  EXPECT_ERRNO(call(0, USER_VA_LIMIT, brk - 8, 1), EFAULT);   /* even with nothing to say */
  EXPECT_ERRNO(call(0, 0, buf, -1), EINVAL);
  EXPECT_ERRNO(call(0, 0, buf, (int)0x80000000), EINVAL);
  EXPECT_ERRNO(call(99999, 0, buf, 1), ESRCH);
  EXPECT_ERRNO(call(-3, 0, buf, 1), ESRCH);
  EXPECT_ERRNO(call(zombie, 0, buf, 1), ESRCH);
  CHECK_EQ(call(0, 0, 0, 0), 0);
  CHECK_EQ(call(0, USER_VA_LIMIT, buf, 1), 0);
  CHECK_EQ(call(0, ~0UL, buf, 1), 0);
  CHECK_EQ(call(0, 0xffffffc080200000UL, buf, 1), 0);
  memset(buf, 0x5a, sizeof(buf));
  int n = call(0, 0, buf, 0x7fffffff);
  CHECK(n >= 1 && n <= VMINFO_BATCH);
  for (int i = n * size; i < (int)sizeof(buf); i++)
    CHECK_EQ(buf[i], 0x5a); /* nothing past what it returned */
}

/* Guards against the views trusting their arguments: bad pointers, counts
 * and pids fail with the right errno; huge counts and addresses are
 * bounded; none of it harms the caller or the kernel. */
void test_views_bad_input(void)
{
  make_region();
  int zombie = t_fork();
  if (zombie == 0)
    exit(0);
  /* a zombie until waited for: give it time to exit, then check it is gone */
  struct vmpage p;
  while (vmpages(zombie, 0, &p, 1) != -1)
    pause(1);
  check_bad_input(call_pages, sizeof(struct vmpage), zombie);
  check_bad_input(call_regions, sizeof(struct vmregion), zombie);
  CHECK_EQ(t_wait_one(zombie), 0);
}
