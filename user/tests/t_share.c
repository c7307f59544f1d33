/* Shared leaf page tables (issue 11): what fork must guarantee when the
 * unit it shares is a level-0 page table, i.e. a 2 MiB span of the address
 * space, and what every change of an entry in such a span must do first.
 *
 * The regions here are 2 MiB-aligned and cover many spans, so every test
 * reaches many distinct leaf tables, each shared, unshared on a write (by
 * the parent, the child, or both) or dropped at exit, exec or sbrk. Every
 * test passes under the three fork policies (cow=table, the default;
 * cow=page; cow=off); the counters that differ between them are checked
 * per memstat.fork_policy (share_unshare_one_span here; what fork itself
 * shares, in t_cow.c's cow_fork_copies_nothing).
 * The runner checks for leaked frames and calls vmcheck() after each test. */
#include "tutil.h"
#include "tests.h"

#define MIB (1024 * 1024)
#define SPAN (2 * MIB)                 /* what one leaf table maps */
#define SPAN_PAGES (SPAN / PGSIZE)     /* 512 */

/* A 2 MiB-aligned heap region of `spans` spans, every page stamped tag. */
static char *span_region(int spans, uint64 tag)
{
  char *base = t_heap_align_to(SPAN);
  if (sbrk(spans * SPAN) == SBRK_ERROR)
    FAIL("sbrk for the region failed");
  t_stamp(base, 0, spans * SPAN_PAGES, tag);
  return base;
}

/* Page i of a region holds tag (1) or not (0). */
static int page_is(char *base, int i, uint64 tag)
{
  return t_wrong_pages(base, i, i + 1, tag) == 0;
}

/* Number of bytes in [p, p + n) that are not zero. */
static int nonzero_bytes(const char *p, int n)
{
  int bad = 0;
  for (int i = 0; i < n; i++)
    bad += p[i] != 0;
  return bad;
}

/* Blocks until every write end of the pipe is closed (the go signal: a
 * process that dies early gives it too, so nothing waits for ever). */
static void wait_eof(int fd)
{
  char c;
  if (read(fd, &c, 1) != 0)
    FAIL("a byte on a go pipe that only signals by closing");
  close(fd);
}

/* Parent and child taking turns: each says "done" by closing its write
 * end of a pipe and waits for the other's end of file. */
struct turns {
  int up[2];     /* the child's "done" */
  int down[2];   /* the parent's */
  int child;     /* 1 in the child */
};

/* Forks (failing the test if it cannot); returns fork's result. */
static int turns_fork(struct turns *t)
{
  t_pipe(t->up);
  t_pipe(t->down);
  int pid = t_fork();
  t->child = pid == 0;
  close(t->child ? t->up[0] : t->up[1]);
  close(t->child ? t->down[1] : t->down[0]);
  return pid;
}

static void turns_done(struct turns *t)
{
  close(t->child ? t->up[1] : t->down[1]);
}

static void turns_wait(struct turns *t)
{
  wait_eof(t->child ? t->down[0] : t->up[0]);
}

/* ---- parent and child write disjoint and overlapping pages --------------- */

#define WS_SPANS 10                    /* a 20 MiB heap: ten leaf tables */
#define WS_PAGES (WS_SPANS * SPAN_PAGES)
#define WS_BASE 0xb0b0
#define WS_PARENT 0xd0d0
#define WS_CHILD 0xc0c0

/* Who writes page i. Spans s % 3 == 0 are written by both, 1 by the parent
 * only, 2 by the child only; inside a span i % 5 picks: 0 the child, 1 and
 * 4 the parent, 2 both, 3 nobody (so the first and last page of a span go
 * to different writers from span to span). */
static int ws_writes(int i, int child)
{
  int s = i / SPAN_PAGES, k = i % 5;
  if (s % 3 == (child ? 1 : 2))
    return 0;
  return child ? (k == 0 || k == 2) : (k == 1 || k == 2 || k == 4);
}

static void ws_write(char *base, int child)
{
  for (int i = 0; i < WS_PAGES; i++)
    if (ws_writes(i, child))
      t_stamp(base, i, i + 1, child ? WS_CHILD : WS_PARENT);
}

/* Pages that are not as `child` (or the parent) must see them. */
static int ws_wrong(char *base, int child)
{
  int wrong = 0;
  for (int i = 0; i < WS_PAGES; i++)
    wrong += !page_is(base, i, ws_writes(i, child) ? (child ? WS_CHILD : WS_PARENT) : WS_BASE);
  return wrong;
}

/* Guards against a write leaking between parent and child when what fork
 * shares is a whole leaf table: in ten 2 MiB spans, written by both, by one
 * side only or (page by page) by nobody, each process sees exactly its own
 * writes and the other's untouched data, while both live and after the
 * child's exit. */
void test_share_write_spans(void)
{
  char *base = span_region(WS_SPANS, WS_BASE);
  struct turns t;
  int pid = turns_fork(&t);
  ws_write(base, t.child);
  if (pid == 0) {
    turns_done(&t);
    turns_wait(&t);               /* the parent has written too */
    exit(ws_wrong(base, 1) ? 1 : 0);
  }
  turns_wait(&t);
  CHECK_EQ(ws_wrong(base, 0), 0);
  CHECK_EQ(vmcheck(), 0);         /* both sides' tables, while both live */
  turns_done(&t);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(ws_wrong(base, 0), 0);
}

/* ---- three generations ---------------------------------------------------- */

#define GEN_SPANS 4                    /* 8 MiB */
#define GEN_PAGES (GEN_SPANS * SPAN_PAGES)
#define GEN_BASE 0x6000
#define GEN_TOP 0x6100                 /* the test process, after its fork */
#define GEN_MID 0x6200                 /* the child, before the grandchild */
#define GEN_MID2 0x6300                /* the child, after it */
#define GEN_LEAF 0x6400                /* the grandchild */

/* Pages each writes: spans as a bit mask, and a page pattern inside. */
static int gen_top(int i) { return i % 7 == 0; }
static int gen_mid(int i) { return (i / SPAN_PAGES) < 2 && i % 3 == 0; }
static int gen_mid2(int i) { return (i / SPAN_PAGES) == 2 && i % 4 == 1; }
static int gen_leaf(int i) { int s = i / SPAN_PAGES; return (s == 0 || s == 3) && i % 5 == 2; }

/* The tag page i must hold for the process at `level`: 0 the test process,
 * 1 the child, 2 the grandchild (each sees its own writes over what it
 * inherited at its fork). */
static uint64 gen_view(int level, int i)
{
  if (level == 0)
    return gen_top(i) ? GEN_TOP : GEN_BASE;
  if (level == 1 && gen_mid2(i))
    return GEN_MID2;
  if (level == 2 && gen_leaf(i))
    return GEN_LEAF;
  return gen_mid(i) ? GEN_MID : GEN_BASE;
}

static void gen_write(char *base, int (*pred)(int), uint64 tag)
{
  for (int i = 0; i < GEN_PAGES; i++)
    if (pred(i))
      t_stamp(base, i, i + 1, tag);
}

static int gen_wrong(char *base, int level)
{
  int wrong = 0;
  for (int i = 0; i < GEN_PAGES; i++)
    wrong += !page_is(base, i, gen_view(level, i));
  return wrong;
}

enum gen_order {
  GEN_LEAF_FIRST,    /* grandchild exits, then the child; the test process holds */
  GEN_MID_FIRST,     /* the child drops its image (exec) while both others hold */
  GEN_TOP_FIRST,     /* the test process gives the region back first */
};

/* The grandchild: write, check, wait for the go (the others' drops), check
 * again, exit. */
static void gen_grandchild(char *base, int hold, int sync)
{
  close(sync);                   /* only the child's exec'd image reports */
  gen_write(base, gen_leaf, GEN_LEAF);
  int bad = gen_wrong(base, 2);
  wait_eof(hold);
  exit(bad || gen_wrong(base, 2) ? 1 : 0);
}

/* The child: write, fork the grandchild, write into the spans now shared
 * three ways, check; then either exec "targs reap" (its image goes first)
 * or wait for the grandchild and check again. */
static void gen_child(char *base, int hold, int sync, enum gen_order order)
{
  gen_write(base, gen_mid, GEN_MID);
  int pid = fork();
  if (pid < 0)
    exit(2);
  if (pid == 0)
    gen_grandchild(base, hold, sync);
  close(hold);
  gen_write(base, gen_mid2, GEN_MID2);
  if (gen_wrong(base, 1))
    exit(3);
  if (order == GEN_MID_FIRST) {
    char fd[12];
    snprintf(fd, sizeof fd, "%d", sync);
    char *argv[] = { "targs", "reap", fd, 0 };
    exec("targs", argv);
    exit(EXEC_FAILED);
  }
  close(sync);
  int status = -1;
  if (wait(&status) != pid || status != 0)
    exit(4);
  exit(gen_wrong(base, 1) ? 5 : 0);
}

/* One run of three generations ending in `order`. */
static void gen_run(enum gen_order order)
{
  char *base = span_region(GEN_SPANS, GEN_BASE);
  int hold[2], sync[2];
  char buf[8];
  t_pipe(hold);
  t_pipe(sync);
  int pid = t_fork();
  if (pid == 0) {
    close(hold[1]);
    close(sync[0]);
    gen_child(base, hold[0], sync[1], order);
  }
  close(hold[0]);
  close(sync[1]);
  gen_write(base, gen_top, GEN_TOP);
  CHECK_EQ(gen_wrong(base, 0), 0);
  if (order == GEN_MID_FIRST) {
    t_read_full(sync[0], buf, 8);     /* the child's exec is done */
    CHECK(memcmp(buf, "targs-fd", 8) == 0);
  }
  if (order == GEN_TOP_FIRST) {
    CHECK(sbrk(-GEN_SPANS * SPAN) == base + GEN_SPANS * SPAN);
    CHECK(sbrk(GEN_SPANS * SPAN) == base);
    CHECK_EQ(nonzero_bytes(base, GEN_SPANS * SPAN), 0);
  }
  close(sync[0]);
  CHECK_EQ(vmcheck(), 0);
  close(hold[1]);                     /* go: the grandchild may finish */
  CHECK_EQ(t_wait_one(pid), 0);
  if (order != GEN_TOP_FIRST)
    CHECK_EQ(gen_wrong(base, 0), 0);
  CHECK(sbrk(-GEN_SPANS * SPAN) == base + GEN_SPANS * SPAN);
}

/* Guards against table or frame counts going wrong with three sharers of
 * a span: three generations each write some spans (the child also after
 * the grandchild's fork, into tables shared three ways), and the region is
 * let go of in three orders: grandchild, child, test process; the child
 * first (exec, while the others hold the tables); the test process first
 * (sbrk shrink, then regrown: zeros). Each sees its own and its ancestors'
 * data as at its fork, before and after the others' drops. */
void test_share_generations(void)
{
  gen_run(GEN_LEAF_FIRST);
  gen_run(GEN_MID_FIRST);
  gen_run(GEN_TOP_FIRST);
}

/* ---- sbrk across shared tables -------------------------------------------- */

#define SB_SPANS 4                     /* 8 MiB */
#define SB_PAGES (SB_SPANS * SPAN_PAGES)
#define SB_BASE 0x5b00
#define SB_NEW 0x5b11

/* Shrinks the region to `keep` bytes (the middle of a span), grows it back:
 * the regrown part must read zero; then stamps it. Fails the test if not. */
static void sb_shrink_regrow(char *base, int keep)
{
  int cut = SB_SPANS * SPAN - keep;
  CHECK(sbrk(-cut) == base + SB_SPANS * SPAN);
  CHECK(sbrk(0) == base + keep);
  CHECK(sbrk(cut) == base + keep);
  CHECK_EQ(nonzero_bytes(base + keep, cut), 0);
  t_stamp(base, keep / PGSIZE, SB_PAGES, SB_NEW);
}

/* Guards against sbrk changing a shared leaf table in place: the child
 * shrinks into the middle of a span (the table it keeps is still the
 * parent's too) and grows again (zeros, not the parent's pages), then the
 * parent does the same at another place while the child lives. Neither
 * sees the other's shrink, growth or new data. */
void test_share_sbrk(void)
{
  char *base = span_region(SB_SPANS, SB_BASE);
  int keep_child = 2 * SPAN + SPAN / 2 + 3 * PGSIZE;   /* inside span 2 */
  int keep_parent = SPAN / 2 + 5 * PGSIZE;             /* inside span 0 */
  struct turns t;
  int pid = turns_fork(&t);
  if (pid == 0) {
    sb_shrink_regrow(base, keep_child);
    turns_done(&t);
    turns_wait(&t);                  /* the parent has shrunk and regrown */
    CHECK_EQ(t_wrong_pages(base, 0, keep_child / PGSIZE, SB_BASE), 0);
    CHECK_EQ(t_wrong_pages(base, keep_child / PGSIZE, SB_PAGES, SB_NEW), 0);
    exit(0);
  }
  turns_wait(&t);
  CHECK_EQ(t_wrong_pages(base, 0, SB_PAGES, SB_BASE), 0);
  sb_shrink_regrow(base, keep_parent);
  CHECK_EQ(vmcheck(), 0);
  turns_done(&t);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(t_wrong_pages(base, 0, keep_parent / PGSIZE, SB_BASE), 0);
  CHECK_EQ(t_wrong_pages(base, keep_parent / PGSIZE, SB_PAGES, SB_NEW), 0);
}

#define PT_GROW (24 * MIB)

/* Grows the heap by PT_GROW (every page written) and shrinks it back; if
 * fork_between, a child is forked while it is big and exits at once. */
static void pt_grow_shrink(int fork_between)
{
  char *p = sbrk(PT_GROW);
  CHECK(p != SBRK_ERROR);
  for (int off = 0; off < PT_GROW; off += PGSIZE)
    p[off] = 1;
  if (fork_between) {
    int pid = t_fork();
    if (pid == 0)
      exit(p[PT_GROW - PGSIZE] == 1 ? 0 : 1);
    CHECK_EQ(t_wait_one(pid), 0);
  }
  CHECK(sbrk(-PT_GROW) == p + PT_GROW);
}

/* Makes the leaf table that holds the break our own: under cow=table it is
 * shared with our parent until we first change it, and that change copies
 * it (one more page-table frame, for as long as both live). */
static void own_break_table(void)
{
  char *p = sbrk(PGSIZE);
  CHECK(p != SBRK_ERROR);
  p[0] = 1;
  CHECK(sbrk(-PGSIZE) == p + PGSIZE);
}

/* Guards against sbrk keeping the leaf tables it empties: after growing
 * the heap by 24 MiB (twelve spans and more) and shrinking it back, alone
 * and with a fork while it was big, the page-table frames in use (memstat
 * pt_frames) are what they were before; a child that does the same in its
 * own address space leaves them as they were too. */
void test_share_pt_frames(void)
{
  t_heap_align();
  own_break_table();
  unsigned long before = t_memstat().pt_frames;
  pt_grow_shrink(0);
  CHECK_EQ(t_memstat().pt_frames, before);
  pt_grow_shrink(1);
  CHECK_EQ(t_memstat().pt_frames, before);
  /* pt_frames counts every address space's tables: the child measures
   * only once the parent, which shares its stack table with it, has
   * written its stack (copying that table); after that the parent's writes
   * land in its own table and change no count.
   * Seen on 8 harts: the parent's copy landed inside the child's window. */
  struct turns t;
  int pid = turns_fork(&t);
  if (pid == 0) {
    turns_wait(&t);
    own_break_table();
    unsigned long mine = t_memstat().pt_frames;
    pt_grow_shrink(0);
    exit(t_memstat().pt_frames == mine ? 0 : 1);
  }
  turns_done(&t);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(t_memstat().pt_frames, before);
}

/* ---- the kernel writing into a shared table: read() ---------------------- */

#define RD_SPANS 3
#define RD_FILL 'r'

/* Reads n bytes from a pipe (fed by ourselves) into dst. */
static void read_from_pipe(char *dst, const char *what, int n)
{
  int p[2];
  t_pipe(p);
  t_write_full(p[1], what, n);
  close(p[1]);
  t_read_full(p[0], dst, n);
  close(p[0]);
}

/* Reads the first n bytes of /README into dst and into a stack copy, which
 * it returns through want. */
static void read_from_file(char *dst, char *want, int n)
{
  int fd = open("/README", O_RDONLY);
  CHECK(fd >= 0);
  t_read_full(fd, dst, n);
  close(fd);
  fd = open("/README", O_RDONLY);
  CHECK(fd >= 0);
  t_read_full(fd, want, n);
  close(fd);
}

/* The child's side: read() into pages of spans it has not written, one
 * from a pipe (straddling two spans), one from a file. */
static void rd_child(char *base)
{
  char want[64];
  char *edge = base + SPAN - 10;           /* ends in the next span */
  read_from_pipe(edge, "child's 20 bytes....", 20);
  CHECK(memcmp(edge, "child's 20 bytes....", 20) == 0);
  CHECK(edge[-1] == RD_FILL && edge[20] == RD_FILL);
  char *f = base + 2 * SPAN + 7 * PGSIZE + 100;
  read_from_file(f, want, 64);
  CHECK(memcmp(f, want, 64) == 0);
  CHECK(f[-1] == RD_FILL && f[64] == RD_FILL);
  exit(0);
}

/* Guards against copyout writing a frame, or an entry of a leaf table,
 * that the other process still maps: read() from a pipe (across the
 * boundary of two spans) and from a file lands in pages whose tables the
 * child shares with its parent; then the parent reads into its own region
 * while a second child shares it. Each side sees only its own reads. */
void test_share_read_into(void)
{
  char *base = span_region(RD_SPANS, 0);
  memset(base, RD_FILL, RD_SPANS * SPAN);
  struct memstat before = t_memstat();
  int pid = t_fork();
  if (pid == 0)
    rd_child(base);
  CHECK_EQ(t_wait_one(pid), 0);
  for (int i = 0; i < RD_SPANS * SPAN; i++)
    if (base[i] != RD_FILL)
      FAIL("the parent's region changed under a read() in the child");
  if (before.fork_cow)
    CHECK(t_memstat().cow_faults > before.cow_faults);
  int go[2];
  t_pipe(go);
  pid = t_fork();
  if (pid == 0) {
    close(go[1]);
    wait_eof(go[0]);                        /* the parent has read */
    exit(base[SPAN - 4] == RD_FILL && base[SPAN + 1] == RD_FILL ? 0 : 1);
  }
  close(go[0]);
  read_from_pipe(base + SPAN - 4, "parent", 6);
  close(go[1]);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK(memcmp(base + SPAN - 4, "parent", 6) == 0);
  CHECK(base[SPAN - 5] == RD_FILL && base[SPAN + 2] == RD_FILL);
}

/* ---- exec from a process whose tables are shared ------------------------- */

#define EX_SPANS 8                     /* 16 MiB */
#define EX_PAGES (EX_SPANS * SPAN_PAGES)
#define EX_TAG 0xe7e7

/* In a child of a 16 MiB parent: write one page in each of `spans` spans
 * (unsharing those tables), then exec "targs exit 37". */
static void ex_child(char *base, int spans)
{
  char *argv[] = { "targs", "exit", "37", 0 };
  for (int s = 0; s < spans; s++)
    base[s * SPAN + 3 * PGSIZE] = 'x';
  exec("targs", argv);
  exit(EXEC_FAILED);
}

/* Guards against exec mishandling an image whose leaf tables are shared:
 * freeing tables or frames the parent still maps, or leaking them. A
 * 16 MiB parent's child execs at once, or after unsharing half the spans;
 * two such children exec at once on different harts. The exec'd program
 * runs (exit status 37) and the parent's data are intact. */
void test_share_exec(void)
{
  char *base = span_region(EX_SPANS, EX_TAG);
  int spans[] = { 0, EX_SPANS / 2 };
  for (int k = 0; k < NELEM(spans); k++) {
    int pid = t_fork();
    if (pid == 0)
      ex_child(base, spans[k]);
    CHECK_EQ(t_wait_one(pid), 37);
    CHECK_EQ(t_wrong_pages(base, 0, EX_PAGES, EX_TAG), 0);
  }
  int a = t_fork();
  if (a == 0)
    ex_child(base, 1);
  int b = t_fork();
  if (b == 0)
    ex_child(base, EX_SPANS);
  for (int k = 0; k < 2; k++) {
    int status = 0;
    int w = wait(&status);
    CHECK(w == a || w == b);
    CHECK_EQ(status, 37);
  }
  CHECK_EQ(t_wrong_pages(base, 0, EX_PAGES, EX_TAG), 0);
}

/* ---- many processes forking and writing across harts --------------------- */

#define SR_SPANS 4                     /* 8 MiB */
#define SR_PAGES (SR_SPANS * SPAN_PAGES)
#define SR_BASE 0x7000
#define SR_WORKERS 4
#define SR_ROUNDS 10
#define SR_SLOT 16                     /* pages of a span per worker */

/* The tag page i holds for worker `id` after `done` rounds of its own
 * writes: page (id * SR_SLOT + r) of every span for r < done. */
static uint64 sr_view(int i, int id, int done)
{
  int k = i % SPAN_PAGES - id * SR_SLOT;
  return k >= 0 && k < done ? SR_BASE + 0x10 + (uint64)id : SR_BASE;
}

static int sr_wrong(char *base, int id, int done)
{
  int wrong = 0;
  for (int i = 0; i < SR_PAGES; i++)
    wrong += !page_is(base, i, sr_view(i, id, done));
  return wrong;
}

/* A grandchild: writes page 256 + id * SR_SLOT + r of every span, checks
 * the whole region against its parent's view at fork, exits. */
static void sr_grandchild(char *base, int id, int r)
{
  for (int s = 0; s < SR_SPANS; s++) {
    int i = s * SPAN_PAGES + SPAN_PAGES / 2 + id * SR_SLOT + r;
    t_stamp(base, i, i + 1, SR_BASE + 0x20 + (uint64)id);
  }
  int wrong = 0;
  for (int i = 0; i < SR_PAGES; i++) {
    int k = i % SPAN_PAGES - SPAN_PAGES / 2 - id * SR_SLOT;
    uint64 tag = k == r ? SR_BASE + 0x20 + (uint64)id : sr_view(i, id, r);
    wrong += !page_is(base, i, tag);
  }
  exit(wrong ? 1 : 0);
}

/* A worker: each round forks a grandchild, then writes one page in every
 * span of the region while the grandchild writes others, and reaps it. */
static void sr_worker(char *base, int id)
{
  for (int r = 0; r < SR_ROUNDS; r++) {
    int pid = fork();
    if (pid < 0)
      exit(2);
    if (pid == 0)
      sr_grandchild(base, id, r);
    for (int s = 0; s < SR_SPANS; s++) {
      int i = s * SPAN_PAGES + id * SR_SLOT + r;
      t_stamp(base, i, i + 1, SR_BASE + 0x10 + (uint64)id);
    }
    int status = -1;
    if (wait(&status) != pid || status != 0)
      exit(3);
  }
  exit(sr_wrong(base, id, SR_ROUNDS) ? 4 : 0);
}

/* Guards against races on shared leaf tables across harts: four workers
 * (one per hart under --smp 4) share an 8 MiB region, and each repeatedly
 * forks a grandchild; parent and grandchild write pages of every span at
 * once, so tables are shared, unshared and dropped concurrently. A lost or
 * doubled table or frame count shows as a wrong page, a leak, a vmcheck
 * problem or a panic. */
void test_share_race(void)
{
  char *base = span_region(SR_SPANS, SR_BASE);
  for (int k = 0; k < SR_WORKERS; k++)
    if (t_fork() == 0)
      sr_worker(base, k);
  for (int k = 0; k < SR_WORKERS; k++) {
    int status = -1;
    CHECK(wait(&status) > 0);
    CHECK_EQ(status, 0);
  }
  CHECK_EQ(t_wrong_pages(base, 0, SR_PAGES, SR_BASE), 0);
}

/* ---- counters, per policy ------------------------------------------------- */

#define CT_SPANS 8                     /* 16 MiB */
#define CT_PAGES (CT_SPANS * SPAN_PAGES)

/* Counter deltas of one write to one page. */
struct ct_delta {
  long unshared, faults, copies;
};

/* Writes one word at p; returns what the counters moved by. The child's
 * stack is private by then (see ct_child), so memstat() itself moves none. */
static struct ct_delta ct_write(char *p)
{
  struct memstat a = t_memstat();
  *(volatile char *)p = 'w';
  struct memstat b = t_memstat();
  struct ct_delta d = { (long)(b.tables_unshared - a.tables_unshared),
                        (long)(b.cow_faults - a.cow_faults),
                        (long)(b.cow_copies - a.cow_copies) };
  return d;
}

/* What one write must move under each policy: the first write in a span
 * (first = 1) and a second one in the same span. */
static void ct_check(int policy, int first, struct ct_delta d)
{
  if (policy == MEMSTAT_FORK_TABLE)
    CHECK_EQ(d.unshared, first);
  else
    CHECK_EQ(d.unshared, 0);
  CHECK_EQ(d.faults, policy == MEMSTAT_FORK_EAGER ? 0 : 1);
  CHECK_EQ(d.copies, policy == MEMSTAT_FORK_EAGER ? 0 : 1);
}

/* The child: make the stack private, then write two pages in each span. */
static void ct_child(char *base, int policy, int go)
{
  wait_eof(go);
  t_touch_stack();
  t_memstat();
  for (int s = 0; s < CT_SPANS; s++) {
    ct_check(policy, 1, ct_write(base + s * SPAN + (s % 4) * 97 * PGSIZE));
    ct_check(policy, 0, ct_write(base + s * SPAN + SPAN - PGSIZE));
  }
  exit(0);
}

/* Guards against a write unsharing more (or less) than its own 2 MiB:
 * under cow=table the child's first write in each span of a 16 MiB region
 * copies exactly one leaf table (tables_unshared + 1) and one page, and a
 * second write in that span no table; under cow=page each write is one
 * COW fault and one copy (the parent still maps the page); under cow=off
 * no fault at all. The parent stays alive and idle meanwhile. */
void test_share_unshare_one_span(void)
{
  char *base = span_region(CT_SPANS, 0x1f);
  int policy = t_fork_policy();
  int go[2];
  t_pipe(go);
  int pid = t_fork();
  if (pid == 0) {
    close(go[1]);
    ct_child(base, policy, go[0]);
  }
  close(go[0]);
  t_touch_stack();                /* our own unsharing done before the child's */
  close(go[1]);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(t_wrong_pages(base, 0, CT_PAGES, 0x1f), 0);
}
