/* Faults: every bad access, illegal instruction or stack overflow kills only
 * the process that made it (wait status -1), and the kernel carries on.
 * Each case runs in its own child; the test process checks the status. */
#include "tutil.h"
#include "tests.h"

enum { LOAD, STORE, JUMP };

struct fault {
  const char *what;
  int kind;    /* LOAD, STORE or JUMP */
  uint64 addr;
};

/* The address the next faulting child uses; set before it is forked. */
static uint64 fault_addr;

static void do_load(void)
{
  t_load(fault_addr);
}

static void do_store(void)
{
  t_store(fault_addr, 0x5a);
}

static void do_jump(void)
{
  t_jump(fault_addr);
}

/* Runs each fault in its own child; each child must be killed. */
static void expect_faults(const struct fault *f, int n)
{
  static void (*const body[])(void) = { do_load, do_store, do_jump };
  for (int i = 0; i < n; i++) {
    fault_addr = f[i].addr;
    t_expect_killed(body[f[i].kind], f[i].what);
  }
}

/* Guards against page 0 being mapped (or the fault handler mapping it), so
 * that null-pointer accesses go unnoticed. */
void test_fault_null(void)
{
  const struct fault f[] = {
    { "load from 0", LOAD, 0 },
    { "store to 0", STORE, 0 },
    { "jump to 0", JUMP, 0 },
    { "load from 0xff8", LOAD, 0xff8 },
  };
  expect_faults(f, NELEM(f));
}

/* A function whose code the test tries to overwrite. */
static int __attribute__((noinline)) text_victim(int x)
{
  return x * 3 + 1;
}

/* Guards against text being writable, or a store to it being "resolved" as
 * if it were a COW page (changing code shared with other processes). */
void test_fault_text(void)
{
  uint64 victim = (uint64)text_victim;
  uint8 before = t_load(victim);
  const struct fault f[] = {
    { "store to own text", STORE, victim },
    { "store to the first text page", STORE, USER_TEXT_BASE },
  };
  expect_faults(f, NELEM(f));
  CHECK_EQ(t_load(victim), before);
  CHECK_EQ(text_victim(2), 7);
}

/* Guards against the page below the stack being mapped or grown into. */
void test_fault_guard(void)
{
  const struct fault f[] = {
    { "load from the guard page", LOAD, USTACK_GUARD },
    { "load from the guard page's last byte", LOAD, USTACK_BOTTOM - 1 },
    { "store to the guard page", STORE, USTACK_GUARD + 8 },
    { "jump to the guard page", JUMP, USTACK_GUARD },
  };
  expect_faults(f, NELEM(f));
}

/* Guards against kernel mappings being reachable from user mode (PTE_U
 * set, or the fault handler mistaking them for user memory). */
void test_fault_kernel(void)
{
  const struct fault f[] = {
    { "load from KERNBASE", LOAD, KERNBASE },
    { "load from the kernel image", LOAD, KERNBASE + PGSIZE },
    { "store to the kernel image", STORE, KERNBASE + 64 },
    { "jump into the kernel image", JUMP, KERNBASE },
    { "load from the direct map", LOAD, KERNBASE - 0x200000UL }, /* RAM start */
  };
  expect_faults(f, NELEM(f));
}

/* Guards against addresses at or above MAXVA (including non-canonical
 * Sv39 addresses) being treated as user memory, e.g. by the lazy-fault
 * handler, and against the pages above the stack being mapped. */
void test_fault_maxva(void)
{
  const struct fault f[] = {
    { "store just above the stack", STORE, USTACK_TOP },
    { "load from MAXVA - 8", LOAD, (uint64)MAXVA - 8 },
    { "load from MAXVA", LOAD, (uint64)MAXVA },
    { "store to MAXVA", STORE, (uint64)MAXVA },
    { "jump to MAXVA", JUMP, (uint64)MAXVA },
    { "load from 1 << 40", LOAD, 1UL << 40 },
    { "load from 1 << 63", LOAD, 1UL << 63 },
    { "load from 0xffffffffffffffff", LOAD, 0xffffffffffffffffUL },
  };
  expect_faults(f, NELEM(f));
}

/* Guards against memory past the (eager) heap break being accessible. */
void test_fault_heap(void)
{
  uint64 brk = (uint64)t_heap_align();
  const struct fault f[] = {
    { "load at the break", LOAD, brk },
    { "store at the break", STORE, brk },
    { "store 100 pages past the break", STORE, brk + 100 * PGSIZE },
  };
  expect_faults(f, NELEM(f));
}

static void illegal_zero(void)
{
  asm volatile(".4byte 0x00000000");
}

static void illegal_ones(void)
{
  asm volatile(".4byte 0xffffffff");
}

static void read_sstatus(void)
{
  asm volatile(".4byte 0x100022f3" ::: "t0"); /* csrr t0, sstatus */
}

static void do_sret(void)
{
  asm volatile(".4byte 0x10200073"); /* sret */
}

static void do_ebreak(void)
{
  asm volatile("ebreak");
}

/* Guards against exceptions other than page faults (illegal instruction,
 * privileged instruction, breakpoint) panicking the kernel or being
 * ignored instead of killing the process. */
void test_fault_illegal(void)
{
  t_expect_killed(illegal_zero, "all-zero instruction");
  t_expect_killed(illegal_ones, "all-ones instruction");
  t_expect_killed(read_sstatus, "csrr sstatus in user mode");
  t_expect_killed(do_sret, "sret in user mode");
  t_expect_killed(do_ebreak, "ebreak");
}

/* Writes and reads back every page of the stack. */
static void use_whole_stack(void)
{
  for (uint64 a = USTACK_BOTTOM; a < USTACK_TOP; a += PGSIZE) {
    uint8 old = t_load(a);
    t_store(a, 0xa5);
    if (t_load(a) != 0xa5)
      exit(2);
    t_store(a, old);
  }
}

/* Guards against the stack being smaller than USTACK_PAGES or placed
 * somewhere other than [USTACK_BOTTOM, USTACK_TOP). */
void test_stack_bounds(void)
{
  int local;
  uint64 sp = (uint64)&local;
  CHECK(sp >= USTACK_BOTTOM && sp < USTACK_TOP);
  CHECK_EQ(t_run(use_whole_stack), 0);
}

/* Recurses with 1 KiB frames. */
static int deep(int n)
{
  volatile char pad[1024];
  pad[0] = (char)n;
  pad[1023] = (char)n;
  if (n == 0)
    return pad[0];
  return deep(n - 1) + pad[1023];
}

static void overflow_stack(void)
{
  deep(USTACK_PAGES * 4 + 64); /* well past the stack's size */
}

/* Guards against a runaway recursion running off the stack into the heap
 * or anything else instead of hitting the guard page and dying. */
void test_stack_overflow(void)
{
  t_expect_killed(overflow_stack, "recursion past the stack");
}

/* Guards against unknown system call numbers indexing past the syscall
 * table or killing the caller: they must return -1. */
void test_syscall_bad(void)
{
  static const long nums[] = { 0, 999, 1 << 20, -1, -2147483647L - 1 };
  int me = getpid();
  for (int i = 0; i < NELEM(nums); i++)
    CHECK_EQ(t_syscall(nums[i], 0), -1);
  CHECK_EQ(getpid(), me);
}
