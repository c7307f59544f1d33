/* COW suite: what copy-on-write fork must guarantee to user programs.
 * Every test here passes under the three fork policies (cow=table, the
 * default; cow=page; cow=off, eager); where they differ, the test reads
 * memstat().fork_cow (either COW policy) or fork_policy (which one).
 * The tests of shared leaf tables across 2 MiB spans are in t_share.c. */
#include "tutil.h"
#include "tests.h"

#define MIB (1024 * 1024)

/* A page-aligned heap region of `pages` pages, every page written. */
static char *dirty_region(int pages)
{
  char *base = t_heap_align();
  if (sbrk(pages * PGSIZE) == SBRK_ERROR)
    FAIL("sbrk for the region failed");
  for (int i = 0; i < pages; i++)
    base[i * PGSIZE] = 1;
  return base;
}

#define PATTERN_PAGES (4 * MIB / PGSIZE)

/* Guards against COW letting a write leak across fork in either direction:
 * parent and child both rewrite every page of a 4 MiB heap at the same time
 * and each must see only its own pattern. */
void test_cow_patterns(void)
{
  char *base = dirty_region(PATTERN_PAGES);
  t_stamp(base, 0, PATTERN_PAGES, 0xa0);
  int go[2];
  t_pipe(go);
  int pid = t_fork();
  uint64 mine = pid == 0 ? 0xc1d : 0xba5e;
  t_stamp(base, 0, PATTERN_PAGES, mine);
  if (pid == 0) {
    char c;
    close(go[1]);                /* a parent killed early ends our read */
    t_read_full(go[0], &c, 1);   /* both have written before either checks */
    exit(t_wrong_pages(base, 0, PATTERN_PAGES, mine) ? 1 : 0);
  }
  close(go[0]);
  t_write_full(go[1], "g", 1);
  CHECK_EQ(t_wrong_pages(base, 0, PATTERN_PAGES, mine), 0);
  CHECK_EQ(t_wait_one(pid), 0);
}

#define GEN_PAGES 64

/* Guards against refcounts going wrong with more than two sharers: three
 * generations share a region, the child writes half of it and the
 * grandchild a quarter; each sees exactly its own and its ancestors' data. */
void test_cow_generations(void)
{
  char *base = dirty_region(GEN_PAGES);
  t_stamp(base, 0, GEN_PAGES, 0x60);
  int child = t_fork();
  if (child == 0) {
    t_stamp(base, 0, GEN_PAGES / 2, 0x61);
    int grandchild = t_fork();
    if (grandchild == 0) {
      t_stamp(base, 0, GEN_PAGES / 4, 0x62);
      int bad = t_wrong_pages(base, 0, GEN_PAGES / 4, 0x62) +
                t_wrong_pages(base, GEN_PAGES / 4, GEN_PAGES / 2, 0x61) +
                t_wrong_pages(base, GEN_PAGES / 2, GEN_PAGES, 0x60);
      exit(bad ? 1 : 0);
    }
    CHECK_EQ(t_wait_one(grandchild), 0);
    CHECK_EQ(t_wrong_pages(base, 0, GEN_PAGES / 2, 0x61), 0);
    CHECK_EQ(t_wrong_pages(base, GEN_PAGES / 2, GEN_PAGES, 0x60), 0);
    exit(0);
  }
  CHECK_EQ(t_wait_one(child), 0);
  CHECK_EQ(t_wrong_pages(base, 0, GEN_PAGES, 0x60), 0);
}

/* Guards against copyout writing into a shared frame behind COW's back:
 * read() from a pipe lands in a page the child shares with its parent. */
void test_cow_pipe_read(void)
{
  char *base = dirty_region(1);
  memset(base, 'P', PGSIZE);
  int p[2];
  t_pipe(p);
  struct memstat before = t_memstat();
  int pid = t_fork();
  if (pid == 0) {
    t_write_full(p[1], "child data", 10);
    t_read_full(p[0], base + 100, 10);       /* kernel writes into a COW page */
    CHECK(memcmp(base + 100, "child data", 10) == 0);
    CHECK(base[99] == 'P' && base[110] == 'P');
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  for (int i = 0; i < PGSIZE; i++)
    if (base[i] != 'P')
      FAIL("the parent's page changed under a read() in the child");
  if (before.fork_cow)
    CHECK(t_memstat().cow_faults > before.cow_faults);
}

/* Guards against fork copying data pages (the point of COW): a 4 MiB dirty
 * parent whose child only reads costs no page copies at all. What fork
 * shares instead depends on the policy: under cow=page every page (memstat
 * fork_shared), under cow=table the leaf tables that map them (at least
 * one per 2 MiB: tables_shared), without visiting a page. */
void test_cow_fork_copies_nothing(void)
{
  char *base = dirty_region(PATTERN_PAGES);
  t_stamp(base, 0, PATTERN_PAGES, 0x5a);
  int policy = t_fork_policy();
  struct memstat before = t_memstat();
  int pid = t_fork();
  if (pid == 0)
    exit(t_wrong_pages(base, 0, PATTERN_PAGES, 0x5a) ? 1 : 0);
  CHECK_EQ(t_wait_one(pid), 0);
  struct memstat after = t_memstat();
  long shared = after.fork_shared - before.fork_shared;
  long tables = after.tables_shared - before.tables_shared;
  if (policy == MEMSTAT_FORK_EAGER) {
    CHECK(after.fork_copied - before.fork_copied >= PATTERN_PAGES);
    CHECK_EQ(shared, 0);
    CHECK_EQ(tables, 0);
    return;
  }
  printf("# fork of a %d-page parent: %ld pages and %ld leaf tables shared, %lu copied\n",
         PATTERN_PAGES, shared, tables, after.cow_copies - before.cow_copies);
  if (policy == MEMSTAT_FORK_PAGE) {
    CHECK(shared >= PATTERN_PAGES);
    CHECK_EQ(tables, 0);
  } else {
    CHECK(tables >= PATTERN_PAGES / (2 * MIB / PGSIZE));
    CHECK_EQ(shared, 0);
  }
  CHECK_EQ(after.fork_copied - before.fork_copied, 0);
  CHECK(after.cow_copies - before.cow_copies <= 8);   /* stack pages, not data */
}

/* Guards against the last sharer copying needlessly: once the child has
 * exited, the parent's writes make its pages writable in place. */
void test_cow_reuse_last_ref(void)
{
  char *base = dirty_region(16);
  int pid = t_fork();
  if (pid == 0)
    exit(0);
  CHECK_EQ(t_wait_one(pid), 0);
  struct memstat before = t_memstat();
  long free_before = before.frames_free;
  t_stamp(base, 0, 16, 0x77);
  struct memstat after = t_memstat();
  if (before.fork_cow)
    CHECK(after.cow_reuses - before.cow_reuses >= 16);
  CHECK_EQ(after.cow_copies - before.cow_copies, 0);
  CHECK_EQ((long)after.frames_free, free_before);
}

/* Guards against fork needing the memory COW saves: a process holding more
 * than half of the free memory forks and the child exits. With cow=off the
 * same fork must fail cleanly with -1 and leave nothing behind. */
void test_cow_fork_big(void)
{
  long pages = t_free_frames() * 6 / 10;
  char *base = t_heap_align();
  if (sbrk((int)(pages * PGSIZE)) == SBRK_ERROR)
    FAIL("sbrk of 60% of free memory failed");
  for (long i = 0; i < pages; i++)
    base[i * PGSIZE] = (char)i;
  struct memstat before = t_memstat();
  int pid = fork();
  if (pid == 0) {
    exit(base[(pages - 1) * PGSIZE] == (char)(pages - 1) ? 0 : 1);
  }
  if (!before.fork_cow) {
    CHECK_EQ(pid, -1);
    CHECK_EQ(t_free_frames(), (long)before.frames_free);
    return;
  }
  CHECK(pid > 0);
  CHECK_EQ(t_wait_one(pid), 0);
}

#define RACE_PAGES 32
#define RACE_KIDS 6
#define RACE_ROUNDS 12

/* One racer: repeatedly fork a grandchild that writes some shared pages
 * and exits, while writing other shared pages itself. */
static void race_worker(char *base, int id)
{
  for (int r = 0; r < RACE_ROUNDS; r++) {
    int pid = fork();
    if (pid < 0)
      exit(2);
    if (pid == 0) {
      t_stamp(base, (id + r) % RACE_PAGES, RACE_PAGES, 0x1000 + (uint64)id);
      exit(t_wrong_pages(base, (id + r) % RACE_PAGES, RACE_PAGES, 0x1000 + (uint64)id) ? 1 : 0);
    }
    t_stamp(base, 0, (id + r) % RACE_PAGES + 1, 0x2000 + (uint64)id);
    int status;
    if (wait(&status) != pid || status != 0)
      exit(3);
  }
  exit(0);
}

/* Guards against refcount races across harts: many processes fork, write
 * and exit on the same shared frames at once. A lost or doubled count shows
 * up as a leak, a vmcheck failure, a wrong page or a panic. */
void test_cow_race(void)
{
  char *base = dirty_region(RACE_PAGES);
  t_stamp(base, 0, RACE_PAGES, 0x99);
  for (int k = 0; k < RACE_KIDS; k++)
    if (t_fork() == 0)
      race_worker(base, k);
  for (int k = 0; k < RACE_KIDS; k++) {
    int status;
    CHECK(wait(&status) > 0);
    CHECK_EQ(status, 0);
  }
  CHECK_EQ(t_wrong_pages(base, 0, RACE_PAGES, 0x99), 0);
}

/* A child that writes every shared page until memory runs out. */
static void exhaust_worker(char *base, int pages)
{
  t_stamp(base, 0, pages, 0xee);
  exit(0);
}

/* Guards against COW out-of-memory taking down more than the faulting
 * process: children each write a large shared region (needing copies) until
 * memory is gone; the unlucky ones are killed with -1, the parent's data is
 * intact and it can still get pages afterwards. */
void test_cow_exhaustion(void)
{
  long pages = t_free_frames() / 3;
  char *base = dirty_region((int)pages);
  t_stamp(base, 0, (int)pages, 0x33);
  int killed = 0, kids = 4, started = 0;
  for (int k = 0; k < kids; k++) {
    int pid = fork();          /* with cow=off, fork itself runs out: fine */
    if (pid == 0)
      exhaust_worker(base, (int)pages);
    started += pid > 0;
  }
  for (int k = 0; k < started; k++) {
    int status;
    CHECK(wait(&status) > 0);
    CHECK(status == 0 || status == -1);
    killed += status == -1;
  }
  CHECK_EQ(wait(0), -1);
  printf("# %d of %d children killed for lack of memory\n", killed, kids);
  CHECK_EQ(t_wrong_pages(base, 0, (int)pages, 0x33), 0);
  char *more = sbrk(64 * PGSIZE);
  CHECK(more != SBRK_ERROR);
  for (int i = 0; i < 64; i++)
    more[i * PGSIZE] = 1;
}

static void write_own_text(void)
{
  t_store((uint64)test_cow_text_readonly, 0);
}

/* Guards against fork making read-only pages writable (or COW): text
 * stays unwritable in the child and, after the fork, in the parent. */
void test_cow_text_readonly(void)
{
  int pid = t_fork();
  if (pid == 0) {
    t_expect_killed(write_own_text, "child writing its text");
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  t_expect_killed(write_own_text, "parent writing its text after fork");
}

/* Guards against a child's sbrk shrink freeing frames the parent still
 * maps: the child gives back the region and grows again (zeros), the
 * parent's data is untouched. */
void test_cow_child_shrink(void)
{
  char *base = dirty_region(32);
  t_stamp(base, 0, 32, 0x44);
  int pid = t_fork();
  if (pid == 0) {
    if (sbrk(-32 * PGSIZE) == SBRK_ERROR)
      exit(2);
    char *again = sbrk(32 * PGSIZE);
    if (again != base)
      exit(3);
    for (int i = 0; i < 32 * PGSIZE; i += 512)
      if (again[i] != 0)
        exit(4);
    exit(0);
  }
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(t_wrong_pages(base, 0, 32, 0x44), 0);
}
