/* Pipes and file descriptors: data integrity, blocking, EOF, broken pipes,
 * dup/close, invalid descriptors, the per-process limit, many writers. */
#include "tutil.h"
#include "tests.h"

/* ---- pipe_data ----------------------------------------------------------- */

#define PD_TOTAL (100 * 1024)

/* The byte at stream offset i: not periodic in any small power of two. */
static uint8 pd_byte(int i)
{
  return (uint8)((i * 7) ^ (i >> 9) ^ (i >> 17));
}

/* Writes PD_TOTAL pattern bytes to fd in chunks of odd sizes. */
static void pd_write(int fd)
{
  static const int sizes[] = { 1, 3, 511, 512, 513, 1023, 4099, 97 };
  static uint8 buf[4099];
  int off = 0, k = 0;
  while (off < PD_TOTAL) {
    int n = sizes[k++ % NELEM(sizes)];
    if (n > PD_TOTAL - off)
      n = PD_TOTAL - off;
    for (int j = 0; j < n; j++)
      buf[j] = pd_byte(off + j);
    t_write_full(fd, buf, n);
    off += n;
  }
}

/* Reads fd to EOF in chunks of other odd sizes, checking every byte. */
static void pd_read(int fd)
{
  static const int sizes[] = { 7, 1, 4096, 333, 2049, 13 };
  static uint8 buf[4096];
  int off = 0, k = 0, n;
  while ((n = read(fd, buf, sizes[k++ % NELEM(sizes)])) > 0) {
    CHECK(off + n <= PD_TOTAL);
    for (int j = 0; j < n; j++) {
      if (buf[j] != pd_byte(off + j)) {
        printf("# byte %d: got %d, want %d\n", off + j, buf[j],
               pd_byte(off + j));
        FAIL("pipe data corrupted");
      }
    }
    off += n;
  }
  CHECK_EQ(n, 0);
  CHECK_EQ(off, PD_TOTAL);
}

/* Guards against bytes lost, duplicated or reordered when a pipe carries
 * much more than its buffer between processes in unaligned pieces. */
void test_pipe_data(void)
{
  int p[2];
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    close(p[0]);
    pd_write(p[1]);
    exit(0);
  }
  close(p[1]);
  pd_read(p[0]);
  CHECK_EQ(t_wait_one(pid), 0);
  close(p[0]);
}

/* ---- pipe_block, pipe_reader_gone ---------------------------------------- */

/* Much more than any sane pipe buffer holds. */
#define PB_BYTES (128 * 1024)

struct pb_report {
  int ret;    /* what the big write returned */
  int t_done; /* uptime() when it returned */
};

/* In a child: one write() of PB_BYTES (from the heap) to data_fd, then the
 * result and the time it returned go to report_fd. */
static void pb_writer(int data_fd, int report_fd)
{
  struct pb_report r;
  uint8 *buf = (uint8 *)sbrk(PB_BYTES);
  if (buf == (uint8 *)SBRK_ERROR)
    FAIL("sbrk");
  for (int i = 0; i < PB_BYTES; i++)
    buf[i] = (uint8)(i ^ (i >> 8));
  r.ret = write(data_fd, buf, PB_BYTES);
  r.t_done = uptime();
  t_write_full(report_fd, &r, sizeof r);
  exit(0);
}

/* Forks a pb_writer on new pipes p (data) and rep (its report), keeps
 * their read ends, and gives it time to fill the data pipe and block.
 * Returns its pid. */
static int pb_start_blocked_writer(int p[2], int rep[2])
{
  t_pipe(p);
  t_pipe(rep);
  int pid = t_fork();
  if (pid == 0) {
    close(p[0]);
    close(rep[0]);
    pb_writer(p[1], rep[1]);
  }
  close(p[1]);
  close(rep[1]);
  pause(5); /* the writer fills the pipe and blocks */
  return pid;
}

/* Guards against a writer that finds the pipe full dropping data or
 * returning early instead of blocking, and against it not resuming once the
 * reader drains the pipe. */
void test_pipe_block(void)
{
  static uint8 buf[1000];
  int p[2], rep[2];
  struct pb_report r;

  int pid = pb_start_blocked_writer(p, rep);
  int t_read = uptime();
  int off = 0, n;
  while ((n = read(p[0], buf, sizeof buf)) > 0) {
    for (int j = 0; j < n; j++, off++)
      if (buf[j] != (uint8)(off ^ (off >> 8)))
        FAIL("pipe data corrupted");
  }
  CHECK_EQ(n, 0);
  CHECK_EQ(off, PB_BYTES);
  t_read_full(rep[0], &r, sizeof r);
  CHECK_EQ(r.ret, PB_BYTES);
  if (r.t_done < t_read)
    FAIL("the write finished before anyone read: it never blocked");
  CHECK_EQ(t_wait_one(pid), 0);
}

/* Guards against a writer blocked on a full pipe sleeping forever (or
 * claiming success) when the last reader closes. */
void test_pipe_reader_gone(void)
{
  int p[2], rep[2];
  struct pb_report r;

  int pid = pb_start_blocked_writer(p, rep);
  close(p[0]);
  t_read_full(rep[0], &r, sizeof r);
  CHECK(r.ret == -1 || (r.ret >= 0 && r.ret < PB_BYTES));
  CHECK_EQ(t_wait_one(pid), 0);
}

/* ---- pipe_eof, pipe_noreader --------------------------------------------- */

#define EOF_WRITERS 3

/* Guards against EOF being reported while a writer (in another process)
 * still holds the pipe open, or never being reported at all. */
void test_pipe_eof(void)
{
  int p[2];
  char buf[64];

  t_pipe(p);
  close(p[1]);
  CHECK_EQ(read(p[0], buf, 1), 0); /* no writer ever: EOF at once */
  close(p[0]);

  t_pipe(p);
  for (int i = 0; i < EOF_WRITERS; i++) {
    if (t_fork() == 0) {
      close(p[0]);
      if (i > 0)
        pause(i); /* the others close later */
      t_write_full(p[1], "0123456789", 10);
      exit(0);
    }
  }
  close(p[1]);
  int total = 0, n;
  while ((n = read(p[0], buf, sizeof buf)) > 0)
    total += n;
  CHECK_EQ(n, 0);
  CHECK_EQ(total, 10 * EOF_WRITERS);
  CHECK_EQ(read(p[0], buf, 1), 0); /* EOF stays EOF */
  for (int i = 0; i < EOF_WRITERS; i++)
    CHECK(wait(0) > 0);
  close(p[0]);
}

/* Guards against a write to a pipe with no reader succeeding, blocking
 * forever, or killing the writer. */
void test_pipe_noreader(void)
{
  int p[2];
  t_pipe(p);
  close(p[0]);
  CHECK_EQ(write(p[1], "x", 1), -1);
  close(p[1]);

  /* The only reader is another process, which exits. */
  t_pipe(p);
  int pid = t_fork();
  if (pid == 0) {
    close(p[1]);
    exit(0);
  }
  close(p[0]);
  CHECK_EQ(t_wait_one(pid), 0);
  CHECK_EQ(write(p[1], "x", 1), -1);
  close(p[1]);
}

/* ---- pipe_dup ------------------------------------------------------------ */

/* Guards against dup not returning the lowest free descriptor, dup'd
 * descriptors not sharing the pipe end, close not being per-descriptor,
 * and double close or use-after-close succeeding. */
void test_pipe_dup(void)
{
  int p[2];
  char c;

  t_pipe(p);
  CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
  int w2 = dup(p[1]);
  CHECK(w2 > p[0] && w2 > p[1]);
  CHECK_EQ(close(p[1]), 0);
  int r2 = dup(p[0]);
  CHECK_EQ(r2, p[1]); /* the lowest free slot */

  /* The pipe is still open for writing through w2. */
  CHECK_EQ(write(w2, "d", 1), 1);
  CHECK_EQ(read(r2, &c, 1), 1);
  CHECK_EQ(c, 'd');
  CHECK_EQ(write(w2, "e", 1), 1);
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK_EQ(c, 'e');

  /* Closing the last write end gives EOF on every read end. */
  CHECK_EQ(close(w2), 0);
  CHECK_EQ(read(p[0], &c, 1), 0);
  CHECK_EQ(read(r2, &c, 1), 0);

  CHECK_EQ(close(r2), 0);
  CHECK_EQ(close(r2), -1);
  CHECK_EQ(read(r2, &c, 1), -1);
  CHECK_EQ(read(p[0], &c, 1), 0); /* p[0] unaffected by closing r2 */
  CHECK_EQ(close(p[0]), 0);
  CHECK_EQ(read(p[0], &c, 1), -1);
  CHECK_EQ(write(p[1], "x", 1), -1); /* p[1] was closed long ago */

  /* The wrong direction fails. */
  t_pipe(p);
  CHECK_EQ(read(p[1], &c, 1), -1);
  CHECK_EQ(write(p[0], "x", 1), -1);
  close(p[0]);
  close(p[1]);
}

/* ---- pipe_writers -------------------------------------------------------- */

#define PW_WRITERS 8
#define PW_BYTES 16000

/* In a child: PW_BYTES bytes, each (id << 5 | sequence mod 32), written in
 * chunks whose size depends on id. */
static void pw_writer(int id, int fd)
{
  static uint8 buf[300];
  int seq = 0;
  while (seq < PW_BYTES) {
    int n = 1 + (id * 37 + seq) % 299;
    if (n > PW_BYTES - seq)
      n = PW_BYTES - seq;
    for (int j = 0; j < n; j++)
      buf[j] = (uint8)((id << 5) | ((seq + j) & 31));
    t_write_full(fd, buf, n);
    seq += n;
  }
  exit(0);
}

/* Guards against lost or duplicated bytes, and bytes of one writer getting
 * out of order, when many processes on several harts write one pipe. */
void test_pipe_writers(void)
{
  static uint8 buf[512];
  int count[PW_WRITERS] = { 0 };
  int p[2];

  t_pipe(p);
  for (int id = 0; id < PW_WRITERS; id++) {
    if (t_fork() == 0) {
      close(p[0]);
      pw_writer(id, p[1]);
    }
  }
  close(p[1]);
  int n;
  while ((n = read(p[0], buf, sizeof buf)) > 0) {
    for (int j = 0; j < n; j++) {
      int id = buf[j] >> 5;
      CHECK(id < PW_WRITERS);
      if ((buf[j] & 31) != (count[id] & 31))
        FAIL("a writer's bytes arrived out of order");
      count[id]++;
    }
  }
  CHECK_EQ(n, 0);
  for (int id = 0; id < PW_WRITERS; id++)
    CHECK_EQ(count[id], PW_BYTES);
  for (int id = 0; id < PW_WRITERS; id++) {
    int status;
    CHECK(wait(&status) > 0);
    CHECK_EQ(status, 0);
  }
}

/* ---- descriptors --------------------------------------------------------- */

/* Every descriptor-taking call on fd must fail. */
static void expect_bad_fd(int fd)
{
  char buf[4];
  struct stat st;
  EXPECT_ERR(read(fd, buf, 1), "read", fd);
  EXPECT_ERR(write(fd, buf, 1), "write", fd);
  EXPECT_ERR(fstat(fd, &st), "fstat", fd);
  EXPECT_ERR(dup(fd), "dup", fd);
  EXPECT_ERR(close(fd), "close", fd);
}

/* Guards against out-of-range or closed descriptors indexing past the
 * file table or reaching a stale file. (The address column of a failure
 * message shows the fd.) */
void test_fd_invalid(void)
{
  static const int bad[] = { -1, -2147483647 - 1, NOFILE, NOFILE + 1, 1000,
                             0x7fffffff };
  for (int i = 0; i < NELEM(bad); i++)
    expect_bad_fd(bad[i]);

  int fd = dup(0);
  CHECK(fd >= 0);
  CHECK_EQ(close(fd), 0);
  expect_bad_fd(fd);
}

/* Guards against the per-process descriptor table overflowing, against a
 * pipe() that fails half way keeping one descriptor, and against closed
 * slots not being reusable. */
void test_fd_limit(void)
{
  int fds[NOFILE];
  int nfree = t_free_fds();
  int k = 0;

  CHECK(nfree >= 2 && nfree <= NOFILE);
  while (pipe(&fds[2 * k]) == 0) {
    k++;
    CHECK(2 * k <= nfree);
  }
  CHECK_EQ(k, nfree / 2);
  if (nfree % 2) {
    int last = dup(0); /* the odd slot is still free */
    CHECK(last >= 0);
    CHECK_EQ(dup(0), -1);
    close(last);
  } else {
    CHECK_EQ(dup(0), -1);
  }
  for (int i = 0; i < 2 * k; i++)
    CHECK_EQ(close(fds[i]), 0);
  CHECK_EQ(t_free_fds(), nfree);
}
