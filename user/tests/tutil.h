/* Helpers shared by the runtests suite: assertions, child processes, and
 * probes of memory, file descriptors and raw machine behaviour.
 *
 * Every test runs in its own child process (see runtests.c), so a failed
 * assertion just prints "# file:line: what" and exits 1. Helpers named t_*
 * either succeed or fail the calling test that way; none of them return an
 * error for the caller to check. */
#ifndef RUNTESTS_TUTIL_H
#define RUNTESTS_TUTIL_H

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "uapi/layout.h"
#include "kernel/memstat.h"
#include "user/user.h"

#ifndef NELEM
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#endif

/* The timer's frequency on QEMU virt (timebase-frequency in the DTB). */
#define TIMEBASE_HZ 10000000UL

/* Status a child of run_targs-style helpers exits with when exec returned -1. */
#define EXEC_FAILED 100

/* ---- assertions ---------------------------------------------------------- */

#define CHECK(cond)                                   \
  do {                                                \
    if (!(cond))                                      \
      t_fail(__FILE__, __LINE__, #cond);              \
  } while (0)

#define CHECK_EQ(got, want) \
  t_check_eq((long)(got), (long)(want), #got, #want, __FILE__, __LINE__)

#define FAIL(msg) t_fail(__FILE__, __LINE__, (msg))

/* Prints "# file:line: what" and exits 1. */
void t_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));

/* Fails the test (printing both values) unless got == want. */
void t_check_eq(long got, long want, const char *gexpr, const char *wexpr,
                const char *file, int line);

/* Fails the test unless ret == -1, naming the call and the address used. */
void t_expect_err(long ret, const char *call, uint64 addr, const char *file,
                  int line);
#define EXPECT_ERR(ret, call, addr) \
  t_expect_err((long)(ret), (call), (uint64)(addr), __FILE__, __LINE__)

/* ---- processes ----------------------------------------------------------- */

/* fork(), failing the test if it returns -1. */
int t_fork(void);

/* Waits for the caller's only child, which must be pid; returns its status. */
int t_wait_one(int pid);

/* Runs fn in a child that exits 0 when fn returns; returns the wait status. */
int t_run(void (*fn)(void));

/* Runs fn in a child and fails the test unless the child is killed (-1). */
void t_expect_killed(void (*fn)(void), const char *what);

/* Forks a child that sleeps for ticks, then writes one byte to fd and
 * exits 0. Bounds tests whose failure mode would be blocking forever. */
int t_watchdog(int fd, int ticks);

/* ---- file descriptors ---------------------------------------------------- */

void t_pipe(int p[2]);
void t_read_full(int fd, void *buf, int n);        /* exactly n bytes */
void t_write_full(int fd, const void *buf, int n); /* exactly n bytes */

/* Number of free descriptor slots (counted by dup(0) until it fails). */
int t_free_fds(void);

/* ---- memory -------------------------------------------------------------- */

/* memstat().frames_free, failing the test if memstat fails. */
long t_free_frames(void);

/* Moves the break up to a page boundary; returns it (first unmapped byte). */
char *t_heap_align(void);

/* Moves the break up to a multiple of align (a power of two, e.g. 2 MiB:
 * the span of one leaf page table), with eager pages; returns it. */
char *t_heap_align_to(uint64 align);

/* memstat(), failing the test if it fails. */
struct memstat t_memstat(void);

/* The kernel's fork policy (MEMSTAT_FORK_EAGER, _PAGE or _TABLE), failing
 * the test if memstat's fork_policy is out of range or disagrees with its
 * fork_cow (1 for both copy-on-write policies). */
int t_fork_policy(void);

/* Stamps every page i in [first, last) of base: its first word is tag ^ i,
 * its last ~(tag ^ i). */
void t_stamp(char *base, int first, int last, uint64 tag);

/* Number of pages in [first, last) of base whose stamp is not tag's. */
int t_wrong_pages(char *base, int first, int last, uint64 tag);

/* Writes every page of the user stack, so later stack use allocates nothing. */
void t_touch_stack(void);

/* ---- raw machine access (inline asm, so the compiler can't elide them) --- */

uint8 t_load(uint64 addr);
void t_store(uint64 addr, uint8 val);
void t_jump(uint64 addr);
long t_syscall(long num, long arg0);

#endif
