/* Memory: sbrk (eager and lazy), running out of memory, memstat, vmcheck. */
#include "tutil.h"
#include "tests.h"

#define MiB (1024 * 1024)

/* ---- eager sbrk ---------------------------------------------------------- */

#define SB_PAGES 10

/* Guards against sbrk returning the wrong old break, shrinking not moving
 * the break back, and regrown memory showing the old contents. */
void test_sbrk_basic(void)
{
  const int size = SB_PAGES * PGSIZE;
  char *base = t_heap_align();

  char *p = sbrk(size);
  CHECK(p == base);
  CHECK(sbrk(0) == base + size);
  for (int i = 0; i < size; i++)
    CHECK(p[i] == 0);
  for (int i = 0; i < size; i++)
    p[i] = (char)(i * 13 + 1);
  for (int i = 0; i < size; i++)
    CHECK(p[i] == (char)(i * 13 + 1));

  CHECK(sbrk(-size) == base + size);
  CHECK(sbrk(0) == base);
  p = sbrk(size);
  CHECK(p == base);
  for (int i = 0; i < size; i++)
    CHECK(p[i] == 0);

  /* Sizes that aren't page multiples move the break exactly. */
  char *q = sbrk(100);
  CHECK(q == base + size);
  CHECK(sbrk(0) == q + 100);
  q[0] = 1;
  q[99] = 2;
  CHECK(sbrk(-100) == q + 100);
  CHECK(sbrk(0) == q);
}

/* Shrinks the heap by a page it had written, then reads that page. */
static void read_after_shrink(void)
{
  char *p = t_heap_align();
  if (sbrk(PGSIZE) != p)
    FAIL("sbrk");
  p[0] = 1;
  sbrk(-PGSIZE);
  t_load((uint64)p);
}

/* Guards against shrinking the heap leaving the pages mapped. */
void test_sbrk_unmap(void)
{
  t_expect_killed(read_after_shrink, "read of a page sbrk gave back");
}

#define SR_PAGES 256
#define SR_ROUNDS 8

/* Guards against pages freed by a shrinking sbrk not going back to the
 * allocator, and against any drift over repeated grow/shrink cycles. */
void test_sbrk_reuse(void)
{
  const int size = SR_PAGES * PGSIZE;
  t_heap_align();
  long f0 = t_free_frames();
  char *p = sbrk(size);
  CHECK(p != SBRK_ERROR);
  long f1 = t_free_frames();
  CHECK(f0 - f1 >= SR_PAGES);
  for (int i = 0; i < size; i += PGSIZE)
    p[i] = 1;
  CHECK(sbrk(-size) != SBRK_ERROR);
  long f2 = t_free_frames();
  CHECK(f2 - f1 >= SR_PAGES);
  CHECK(f0 - f2 >= 0 && f0 - f2 <= 4); /* at most some page-table pages */

  for (int r = 0; r < SR_ROUNDS; r++) {
    p = sbrk(size);
    CHECK(p != SBRK_ERROR);
    for (int i = 0; i < size; i += PGSIZE)
      p[i] = (char)r;
    CHECK(sbrk(-size) != SBRK_ERROR);
    CHECK_EQ(t_free_frames(), f2);
  }
}

/* ---- lazy sbrk ----------------------------------------------------------- */

#define SL_PAGES 256 /* 1 MiB */

/* Guards against sbrklazy allocating eagerly, lazily mapped pages not
 * reading as zero, and first touches not getting a frame each. */
void test_sbrk_lazy(void)
{
  const int size = SL_PAGES * PGSIZE;
  char *base = t_heap_align();
  long f0 = t_free_frames();
  char *p = sbrklazy(size);
  long f1 = t_free_frames();
  CHECK(p == base);
  CHECK(sbrk(0) == base + size);
  if (f0 - f1 > 4) {
    printf("# sbrklazy of 1 MiB used %d frames\n", (int)(f0 - f1));
    FAIL("sbrklazy allocated eagerly");
  }

  for (int i = 0; i < 4; i++)
    CHECK(p[i * PGSIZE + 7] == 0);
  for (int i = 0; i < size; i += PGSIZE)
    p[i] = (char)(i / PGSIZE + 1);
  long f2 = t_free_frames();
  if (f1 - f2 < SL_PAGES)
    printf("# sbrk_lazy: %d frames free before the touches, %d after\n", (int)f1, (int)f2);
  CHECK(f1 - f2 >= SL_PAGES);
  for (int i = 0; i < size; i += PGSIZE) {
    CHECK(p[i] == (char)(i / PGSIZE + 1));
    CHECK(p[i + 1] == 0);
  }
}

/* The bodies below run in children that must be killed. */

static void load_past_lazy_break(void)
{
  char *p = t_heap_align();
  if (sbrklazy(2 * PGSIZE) != p)
    FAIL("sbrklazy");
  p[0] = 1;
  t_load((uint64)p + 2 * PGSIZE - 1); /* the last byte: fine */
  t_load((uint64)p + 2 * PGSIZE);
}

static void store_past_lazy_break(void)
{
  char *p = t_heap_align();
  if (sbrklazy(2 * PGSIZE) != p)
    FAIL("sbrklazy");
  t_store((uint64)p + 2 * PGSIZE, 1);
}

static void load_far_past_break(void)
{
  char *p = t_heap_align();
  if (sbrklazy(PGSIZE) != p)
    FAIL("sbrklazy");
  t_load((uint64)p + (1UL << 30));
}

static void touch_lazy_after_shrink(void)
{
  char *p = t_heap_align();
  if (sbrklazy(4 * PGSIZE) != p)
    FAIL("sbrklazy");
  p[0] = 1;
  sbrk(-4 * PGSIZE);
  t_store((uint64)p + PGSIZE, 1); /* was reserved, never touched, now gone */
}

/* Guards against the lazy-fault handler mapping any address it is asked
 * about instead of only those below the break. */
void test_sbrk_lazy_beyond(void)
{
  t_expect_killed(load_past_lazy_break, "load just past a lazy break");
  t_expect_killed(store_past_lazy_break, "store just past a lazy break");
  t_expect_killed(load_far_past_break, "load 1 GiB past the break");
  t_expect_killed(touch_lazy_after_shrink, "store to a lazy page given back");
}

/* Guards against copyin/copyout failing on (or bypassing) lazily reserved
 * pages the process has not touched yet: the kernel must fault them in. */
void test_sbrk_lazy_sys(void)
{
  char *base = t_heap_align();
  char *p = sbrklazy(6 * PGSIZE);
  char want[200];
  CHECK(p == base);

  /* read() into an untouched page (copyout). */
  int fd = open("runtests", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, p + 100, 200), 200);
  close(fd);
  fd = open("runtests", O_RDONLY);
  t_read_full(fd, want, 200);
  close(fd);
  CHECK(memcmp(p + 100, want, 200) == 0);

  /* write() from an untouched page (copyin) sends zeros. */
  int q[2];
  t_pipe(q);
  CHECK_EQ(write(q[1], p + PGSIZE + 5, 100), 100);
  t_read_full(q[0], want, 100);
  for (int i = 0; i < 100; i++)
    CHECK(want[i] == 0);
  close(q[0]);
  close(q[1]);

  /* pipe(), fstat(), memstat(), wait() storing into untouched pages. */
  int *fds = (int *)(p + 2 * PGSIZE);
  CHECK_EQ(pipe(fds), 0);
  CHECK(fds[0] >= 0 && fds[1] >= 0);
  close(fds[0]);
  close(fds[1]);
  struct stat *st = (struct stat *)(p + 3 * PGSIZE);
  CHECK_EQ(fstat(0, st), 0);
  struct memstat *ms = (struct memstat *)(p + 4 * PGSIZE);
  CHECK_EQ(memstat(ms), 0);
  CHECK(ms->frames_total > 0);
  int pid = t_fork();
  if (pid == 0)
    exit(9);
  int *status = (int *)(p + 5 * PGSIZE);
  CHECK_EQ(wait(status), pid);
  CHECK_EQ(*status, 9);
}

/* ---- limits -------------------------------------------------------------- */

/* Guards against an eager sbrk larger than all of RAM "succeeding", or
 * failing but keeping the frames it grabbed or moving the break. */
void test_sbrk_huge(void)
{
  struct memstat ms;
  CHECK_EQ(memstat(&ms), 0);
  uint64 ram = ms.frames_total * PGSIZE;
  uint64 want = ram + (1UL << 30);
  if (want > 0x7ffff000UL)
    want = 0x7ffff000UL;
  if (want <= ram + 64 * MiB) {
    printf("# sbrk_huge: too much RAM to ask for more via sbrk(int)\n");
    return;
  }

  char *brk = sbrk(0);
  long f0 = t_free_frames();
  CHECK(sbrk((int)want) == SBRK_ERROR);
  CHECK(sbrk(0) == brk);
  CHECK(sbrk(0x7fffffff) == SBRK_ERROR);
  CHECK(sbrk(0) == brk);
  long f1 = t_free_frames();
  if (f0 - f1 > 4 || f1 - f0 > 4) {
    printf("# frames_free %d before the failed sbrk, %d after\n", (int)f0,
           (int)f1);
    FAIL("failed sbrk did not give its frames back");
  }

  /* Still a working process. */
  char *p = sbrk(PGSIZE);
  CHECK(p == brk);
  p[PGSIZE - 1] = 1;
  int pid = t_fork();
  if (pid == 0)
    exit(p[PGSIZE - 1] == 1 ? 0 : 1);
  CHECK_EQ(t_wait_one(pid), 0);
}

/* Guards against a shrink larger than the whole address space failing or
 * moving the break. In xv6 the new size wraps around inside growproc, so
 * nothing changes and sbrk returns the old break (the 2025 usertests rely
 * on it). The process must stay intact. */
void test_sbrk_wrap(void)
{
  char *brk = sbrk(0);
  CHECK(sbrk(-(int)((uint64)brk + 1)) == brk);
  CHECK(sbrk(0) == brk);
  CHECK(sbrk(-(int)((uint64)brk + PGSIZE)) == brk);
  CHECK(sbrk(0) == brk);
  CHECK(sbrk(-2147483647 - 1) == brk);
  CHECK(sbrklazy(-2147483647 - 1) == brk);
  CHECK(sbrk(0) == brk);
  char *p = sbrk(PGSIZE);
  CHECK(p == brk);
  p[0] = 1;
  CHECK_EQ(sbrk(-PGSIZE), p + PGSIZE);
}

extern char end[]; /* user.ld: the first byte after the program image */

/* In a child: grows the heap, then shrinks to an address inside the
 * program image (above 0). xv6 would free everything above the new size,
 * text included; here the break stops at the start of the heap, the heap
 * pages go back, and the program keeps running. */
static void shrink_below_heap(void)
{
  static int data = 42;
  char *brk = sbrk(0);
  char *p = sbrk(4 * PGSIZE);
  CHECK(p == brk);
  p[0] = p[4 * PGSIZE - 1] = 1;
  char *top = sbrk(0);
  CHECK(sbrk(-(int)((uint64)top - 100)) == top); /* new break would be 100 */
  char *now = sbrk(0);
  CHECK((uint64)now >= (uint64)end);   /* text and data stay */
  CHECK(now <= brk);                   /* the heap is gone */
  CHECK_EQ(data, 42);
  data = 43;
  CHECK_EQ(data, 43);
  char *q = sbrk(PGSIZE);              /* and it can grow again */
  CHECK(q == now);
  q[PGSIZE - 1] = 2;
}

/* Guards against a shrink below the start of the heap (but above 0)
 * failing, unmapping the program's text or data, panicking or leaking. */
void test_sbrk_below_heap(void)
{
  long before = t_free_frames();
  CHECK_EQ(t_run(shrink_below_heap), 0);
  CHECK_EQ(t_free_frames(), before);
}

/* Guards against the xv6 names programs size memory and check stacks with
 * (r_sp() from kernel/riscv.h, PHYSTOP from kernel/memlayout.h) going
 * missing or pointing somewhere absurd. */
void test_xv6_layout_names(void)
{
  int local = 0;
  uint64 sp = r_sp();
  CHECK(sp >= USTACK_BOTTOM && sp < USTACK_TOP);
  CHECK(sp <= (uint64)&local);
  CHECK_EQ(PHYSTOP - KERNBASE, 128UL * 1024 * 1024);
  CHECK(PHYSTOP > KERNBASE);
}

#define TICK_US      10000L             /* one clock tick (TICK_HZ 100) */
#define LAZY_STEP    (1 << 30)          /* 1 GiB: sbrk's int argument */
#define LAZY_STEPS   2                  /* 2 GiB of lazy heap */
#define EAGER_BYTES  (60 * 1024 * 1024) /* fits the default 128 MiB of RAM */
#define IRQ_TRIES    5

/* memstat's irq_off_max_us, which reading resets. */
static long irq_off_take(void)
{
  struct memstat ms;
  CHECK_EQ(memstat(&ms), 0);
  return (long)ms.irq_off_max_us;
}

/* Grows the heap 2 GiB lazily, touches a page every 128 MiB, shrinks it. */
static void lazy_grow_shrink(void)
{
  char *brk = sbrk(0);
  for (int i = 0; i < LAZY_STEPS; i++)
    CHECK(sbrklazy(LAZY_STEP) != SBRK_ERROR);
  for (long off = 0; off < (long)LAZY_STEP * LAZY_STEPS; off += 128L << 20)
    brk[off] = 1;
  for (int i = 0; i < LAZY_STEPS; i++)
    CHECK(sbrk(-LAZY_STEP) != SBRK_ERROR);
  CHECK(sbrk(0) == brk);
}

/* Maps 60 MiB eagerly, then gives it back. */
static void eager_grow_shrink(void)
{
  char *brk = sbrk(0);
  CHECK(sbrk(EAGER_BYTES) == brk);
  CHECK(sbrk(-EAGER_BYTES) == brk + EAGER_BYTES);
}

/* The shortest of up to IRQ_TRIES runs of fn's longest interrupt-off
 * stretch, stopping at the first run under one tick. Without -icount guest
 * time is wall-clock time, and an eager sbrk holds the vm lock almost all
 * the time (chunk after chunk), so QEMU's own stalls and the host
 * descheduling the vCPU thread land inside holds: 2-20 ms seen in single
 * runs, where --icount measures 55 us. So the test runs only when named,
 * under --icount (ctest irq-off-icount); the retries are for running it by
 * hand without. A kernel that really keeps interrupts off for the whole
 * call fails every run. */
static long irq_off_during(void (*fn)(void))
{
  long best = -1;
  for (int i = 0; i < IRQ_TRIES && (best < 0 || best >= TICK_US); i++) {
    irq_off_take();
    fn();
    long us = irq_off_take();
    if (best < 0 || us < best)
      best = us;
  }
  return best;
}

/* Runs only when named (TF_NAMED_ONLY), meant for --icount.
 * Guards against system calls any program may make keeping interrupts off
 * (a spinlock held) for a tick or more: shrinking a 2 GiB lazy heap used
 * to walk every page of it under the address-space lock (~146 ms), and a
 * 60 MiB eager sbrk mapped every page under it (~80 ms). */
void test_irq_off_short(void)
{
  long lazy = irq_off_during(lazy_grow_shrink);
  long eager = irq_off_during(eager_grow_shrink);
  printf("# longest interrupt-off stretch: %ld us (2 GiB lazy), %ld us (60 MiB eager)\n",
         lazy, eager);
  CHECK(lazy < TICK_US);
  CHECK(eager < TICK_US);
}

/* Gives back n pages of heap, in pieces that fit sbrk's int argument. */
static void shrink_pages(long n)
{
  while (n > 0) {
    int step = n > 1024 ? 1024 : (int)n;
    if (sbrk(-step * PGSIZE) == SBRK_ERROR)
      FAIL("shrinking sbrk failed");
    n -= step;
  }
}

/* In a child: takes every frame it can with eager sbrk, tries to fork with
 * no memory left, then gives everything back before exiting. */
static void oom_hog(void)
{
  t_touch_stack(); /* no COW copies needed later, with no memory left */
  long f0 = t_free_frames();
  long got = 0;
  for (int step = 1024; step > 0;) {
    if (sbrk(step * PGSIZE) == SBRK_ERROR)
      step /= 2;
    else
      got += step;
  }
  long f1 = t_free_frames();
  int pid = fork(); /* may fail: there is no memory left */
  if (pid == 0)
    exit(7);
  shrink_pages(got);
  long f2 = t_free_frames();
  int status = 0;
  if (pid > 0)
    CHECK_EQ(wait(&status), pid);

  printf("# sbrk_oom: took %d of %d free frames (%d left); fork %s\n",
         (int)got, (int)f0, (int)f1, pid > 0 ? "succeeded" : "failed");
  CHECK(got * 2 > f0);
  if (pid > 0)
    CHECK(status == 7 || status == -1); /* the child may die of OOM */
  CHECK(f2 >= f1 + got);
}

/* Guards against running out of memory crashing the kernel or leaking:
 * sbrk and fork at the limit must fail cleanly and give back what they
 * took, and all of it returns when the hog shrinks and exits. */
void test_sbrk_oom(void)
{
  CHECK_EQ(t_run(oom_hog), 0);
}

/* ---- memstat and vmcheck ------------------------------------------------- */

/* Guards against memstat reporting nonsense, or frames_free not tracking
 * allocations made on the caller's behalf. */
void test_memstat_basic(void)
{
  struct memstat ms;
  CHECK_EQ(memstat(&ms), 0);
  CHECK(ms.frames_total >= 1024); /* at least 4 MiB */
  CHECK(ms.frames_free > 0 && ms.frames_free < ms.frames_total);
  CHECK(ms.pt_frames > 0 && ms.pt_frames < ms.frames_total);

  t_heap_align();
  long f0 = t_free_frames();
  CHECK(sbrk(32 * PGSIZE) != SBRK_ERROR);
  long f1 = t_free_frames();
  CHECK(f0 - f1 >= 32);
  CHECK(sbrk(-32 * PGSIZE) != SBRK_ERROR);
  CHECK(t_free_frames() - f1 >= 32);
}

#define VF_PAGES 16

/* Guards against fork or first writes after fork (the COW paths) leaving
 * frame counts and page tables inconsistent, checked from both sides while
 * pages are still shared. */
void test_vmcheck_fork(void)
{
  int up[2], go[2];
  char c;
  char *p = sbrk(VF_PAGES * PGSIZE);
  CHECK(p != SBRK_ERROR);
  for (int i = 0; i < VF_PAGES; i++)
    p[i * PGSIZE] = (char)i;
  CHECK_EQ(vmcheck(), 0);

  t_pipe(up);
  t_pipe(go);
  int pid = t_fork();
  if (pid == 0) {
    close(up[0]);   /* a parent that dies early must end our read, not hang it */
    close(go[1]);
    CHECK_EQ(vmcheck(), 0);
    for (int i = 0; i < VF_PAGES; i += 2)
      p[i * PGSIZE] = 'c';
    CHECK_EQ(vmcheck(), 0);
    t_write_full(up[1], "u", 1);
    t_read_full(go[0], &c, 1);
    for (int i = 0; i < VF_PAGES; i++)
      CHECK(p[i * PGSIZE] == (i % 2 ? (char)i : 'c'));
    exit(0);
  }
  close(up[1]);   /* a child that dies early must end our read, not hang it */
  close(go[0]);
  t_read_full(up[0], &c, 1);
  CHECK_EQ(vmcheck(), 0);
  for (int i = 0; i < VF_PAGES; i += 3)
    p[i * PGSIZE] = 'p';
  CHECK_EQ(vmcheck(), 0);
  t_write_full(go[1], "g", 1);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(vmcheck(), 0);
  for (int i = 0; i < VF_PAGES; i++)
    CHECK(p[i * PGSIZE] == (i % 3 ? (char)i : 'p'));
}
