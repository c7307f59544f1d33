/* File-backed pages: exec maps program pages from the file's own frames
 * (docs/cow.md, "File-backed pages"). The program run here is tfilemap
 * (tfilemap.c): its text, and at least one page of its initialized data,
 * are whole pages of the file. */
#include "tutil.h"
#include "tests.h"
#include "targs.h"
#include "uapi/vminfo.h"

#define FM_PROG "tfilemap"

/* A running tfilemap: its pid, the write end of its stdin (closing it lets
 * the program finish) and where its `data` array is. */
struct fm_child {
  int pid;
  int release;
  uint64 data;
};

/* Starts `path` `mode` with pipes on fds 0 and 1; returns once it has
 * checked its data and reported where the data lies. */
static struct fm_child fm_start(const char *path, char *mode)
{
  int in[2], out[2];
  t_pipe(in);
  t_pipe(out);
  int pid = t_fork();
  if (pid == 0) {
    close(0);
    dup(in[0]);
    close(1);
    dup(out[1]);
    for (int fd = 3; fd < NOFILE; fd++)
      close(fd); /* also the stdin of others started before: their EOF */
    char *argv[] = { (char *)path, mode, 0 };
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  close(in[0]);
  close(out[1]);
  struct fm_child c = { pid, in[1], 0 };
  t_read_full(out[0], &c.data, sizeof(c.data));
  close(out[0]);
  return c;
}

/* Lets c finish; returns its exit status (0: its data was right). */
static int fm_finish(struct fm_child c)
{
  close(c.release);
  int status = -2;
  CHECK_EQ(wait(&status), c.pid);
  return status;
}

/* The page at va in process pid, as vmpages sees it. */
static struct vmpage fm_page(int pid, uint64 va)
{
  struct vmpage p;
  CHECK_EQ(vmpages(pid, va, &p, 1), 1);
  CHECK_EQ(p.va, va);
  return p;
}

/* The first page of tfilemap's data array that is whole in the file (the
 * array starts in the data segment's first page, which is whole when the
 * array fills it; the second always is). */
static uint64 fm_whole_data_page(struct fm_child c)
{
  return PGROUNDUP(c.data);
}

/* Copies file `from` to a new file `to`; returns its size. */
static int fm_copy(const char *from, const char *to)
{
  static char buf[4096];
  int in = open(from, O_RDONLY), out = open(to, O_CREATE | O_WRONLY | O_TRUNC);
  CHECK(in >= 0 && out >= 0);
  int n, total = 0;
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    t_write_full(out, buf, n);
    total += n;
  }
  CHECK_EQ(n, 0);
  close(in);
  close(out);
  return total;
}

/* Guards against exec copying text (two processes running one program must
 * map the same text and data frames: count 2 leaf tables + the file's
 * hold = 3), against text becoming writable or data not copy-on-write,
 * and against memstat not counting the pages mapped from the file. */
void test_filemap_text_shared(void)
{
  struct memstat before = t_memstat();
  struct fm_child a = fm_start(FM_PROG, "hold"), b = fm_start(FM_PROG, "hold");
  struct memstat after = t_memstat();
  uint64 text = USER_TEXT_BASE, data = fm_whole_data_page(a);
  struct vmpage at = fm_page(a.pid, text), bt = fm_page(b.pid, text);
  CHECK_EQ(VMPTE_PA(at.pte), VMPTE_PA(bt.pte));
  CHECK_EQ(at.refs, 3);
  CHECK_EQ(at.state, VMPAGE_SHARED_RO);
  CHECK((at.pte & VMPTE_W) == 0);
  struct vmpage ad = fm_page(a.pid, data), bd = fm_page(b.pid, data);
  CHECK_EQ(VMPTE_PA(ad.pte), VMPTE_PA(bd.pte));
  CHECK_EQ(ad.refs, 3);
  CHECK_EQ(ad.state, VMPAGE_COW);
  CHECK_EQ(at.backing, VMBACK_FILE);   /* the views tell file pages from anonymous */
  CHECK_EQ(ad.backing, VMBACK_FILE);
  CHECK_EQ(fm_page(a.pid, USTACK_TOP - PGSIZE).backing, VMBACK_ANON);
  /* text (at least one page) and one data page, for each of the two */
  CHECK(after.file_pages_mapped - before.file_pages_mapped >= 4);
  CHECK_EQ(fm_finish(a), 0);
  CHECK_EQ(fm_finish(b), 0);
}

/* Guards against a write to a data page mapped from the file reaching the
 * other process or the file: the writer gets its own copy, the other
 * keeps the file's frame (now count 2: its table + the file's hold). */
void test_filemap_data_private(void)
{
  struct fm_child b = fm_start(FM_PROG, "hold");
  uint64 data = fm_whole_data_page(b);
  uint64 file_frame = VMPTE_PA(fm_page(b.pid, data).pte);
  struct fm_child a = fm_start(FM_PROG, "write");
  struct vmpage ad = fm_page(a.pid, data), bd = fm_page(b.pid, data);
  CHECK(VMPTE_PA(ad.pte) != file_frame);
  CHECK_EQ(ad.state, VMPAGE_PRIVATE);
  CHECK_EQ(ad.backing, VMBACK_ANON);   /* its own copy now */
  CHECK_EQ(VMPTE_PA(bd.pte), file_frame);
  CHECK_EQ(bd.refs, 2);
  CHECK_EQ(bd.backing, VMBACK_FILE);
  CHECK_EQ(fm_finish(a), 0);
  CHECK_EQ(fm_finish(b), 0);
  /* the file still runs as it was built: a fresh run finds its data intact */
  CHECK_EQ(fm_finish(fm_start(FM_PROG, "hold")), 0);
}

/* Guards against a file write changing a running program (its text or
 * data frames must stay; the file gets new ones) and against the checker
 * seeing wrong counts meanwhile. */
void test_filemap_overwrite_running(void)
{
  int size = fm_copy(FM_PROG, "fmrun");
  struct fm_child c = fm_start("fmrun", "hold");
  uint64 text = VMPTE_PA(fm_page(c.pid, USER_TEXT_BASE).pte);
  int fd = open("fmrun", O_WRONLY | O_TRUNC);
  CHECK(fd >= 0);
  static char zeros[4096];
  for (int done = 0; done < size; done += sizeof(zeros))
    t_write_full(fd, zeros, sizeof(zeros));
  close(fd);
  CHECK_EQ(vmcheck(), 0);
  struct vmpage t = fm_page(c.pid, USER_TEXT_BASE);
  CHECK_EQ(VMPTE_PA(t.pte), text);
  CHECK_EQ(t.refs, 1); /* the file let go: the process's alone */
  CHECK_EQ(fm_finish(c), 0); /* it ran on, and its data was intact */
  char *argv[] = { "fmrun", "hold", 0 };
  CHECK_EQ(exec("fmrun", argv), -1); /* the file is zeros now */
  fd = open("fmrun", O_RDONLY);
  char got[64];
  CHECK_EQ(read(fd, got, sizeof(got)), sizeof(got));
  CHECK_EQ(memcmp(got, zeros, sizeof(got)), 0);
  close(fd);
  CHECK_EQ(unlink("fmrun"), 0);
}

/* Guards against unlink freeing frames a running program still maps, and
 * against them leaking once its last process exits (runtests checks that
 * every frame is back after the test). */
void test_filemap_unlink_running(void)
{
  fm_copy(FM_PROG, "fmgone");
  struct fm_child a = fm_start("fmgone", "hold"), b = fm_start("fmgone", "write");
  CHECK_EQ(unlink("fmgone"), 0);
  CHECK_EQ(vmcheck(), 0);
  struct vmpage t = fm_page(a.pid, USER_TEXT_BASE);
  CHECK_EQ(t.refs, 2); /* two tables, no file */
  CHECK_EQ(fm_finish(a), 0);
  CHECK_EQ(vmcheck(), 0);
  CHECK_EQ(fm_finish(b), 0);
}

/* The ELF fields the unaligned test rewrites (uapi has no ELF header). */
#define FM_PHOFF 32
#define FM_PHNUM 56
#define FM_PHDR_SIZE 56
#define FM_PHDR_OFFSET 8

/* Guards against exec failing (or mapping wrong bytes) for a program whose
 * segments are not page-aligned in the file: targs with every byte after
 * its first page moved 8 bytes on, and its program headers adjusted, must
 * run, every page copied, none mapped from the file. */
void test_filemap_unaligned(void)
{
  static char page[4096];
  int in = open("targs", O_RDONLY), out = open("fmshift", O_CREATE | O_WRONLY | O_TRUNC);
  CHECK(in >= 0 && out >= 0);
  t_read_full(in, page, sizeof(page));
  uint64 phoff = *(uint64 *)(page + FM_PHOFF);
  int phnum = *(uint16 *)(page + FM_PHNUM);
  CHECK(phoff + (uint64)phnum * FM_PHDR_SIZE <= sizeof(page));
  for (int i = 0; i < phnum; i++) {
    uint64 *off = (uint64 *)(page + phoff + i * FM_PHDR_SIZE + FM_PHDR_OFFSET);
    if (*off >= sizeof(page))
      *off += 8;
  }
  t_write_full(out, page, sizeof(page));
  t_write_full(out, "shifted!", 8);
  int n;
  while ((n = read(in, page, sizeof(page))) > 0)
    t_write_full(out, page, n);
  close(in);
  close(out);
  struct memstat before = t_memstat();
  int pid = t_fork();
  if (pid == 0) {
    char *argv[] = { "targs", "args", "3", 0 };
    exec("fmshift", argv);
    exit(EXEC_FAILED);
  }
  CHECK_EQ(t_wait_one(pid), TARGS_OK);
  struct memstat after = t_memstat();
  CHECK_EQ(after.file_pages_mapped, before.file_pages_mapped);
  CHECK(after.exec_pages_copied - before.exec_pages_copied >= 2);
  CHECK_EQ(unlink("fmshift"), 0);
}

/* Guards against exec copying more than the pages that cannot be shared:
 * the shell's exec may give fresh frames only to its partial data page and
 * .bss (the target: <= 4 frames with the stack). */
void test_filemap_exec_copies_few(void)
{
  int in[2];
  t_pipe(in);
  struct memstat before = t_memstat();
  int pid = t_fork();
  if (pid == 0) {
    close(0);
    dup(in[0]);
    close(1);
    dup(in[0]); /* its prompt goes nowhere: not into the KTAP output */
    close(in[0]);
    close(in[1]);
    char *argv[] = { "sh", 0 };
    exec("sh", argv);
    exit(EXEC_FAILED);
  }
  close(in[0]);
  close(in[1]); /* the shell reads EOF and exits */
  CHECK_EQ(t_wait_one(pid), 0);
  struct memstat after = t_memstat();
  CHECK(after.file_pages_mapped - before.file_pages_mapped >= 2);
  CHECK(after.exec_pages_copied - before.exec_pages_copied <= 3);
}
