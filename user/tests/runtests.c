/* runtests: the cowkernel user test suite.
 *
 *   runtests            run every test
 *   runtests NAME...    run only those (a trailing '*' matches a prefix)
 *   runtests -l         list the test names
 *   runtests -i [NAME...]  fault-injection mode (kernel booted with
 *                       failalloc=N or failcow=N): a test that fails on its
 *                       own is reported "ok ... # SKIP", since its
 *                       allocations may be the ones failed on purpose; a
 *                       leak, a vmcheck failure or a panic still fails it
 *                       (frames in files such a test could not remove are
 *                       the file system's, not leaked)
 *
 * Each test runs in its own forked child; the parent waits for it (and for
 * any orphans reparented to us when we are pid 1), then checks three things:
 *   => the child's wait status is 0;
 *   => memstat().frames_free is what it was before the fork (no frame leaked
 *      by anything the test did, including its exited children);
 *   => vmcheck() does not report problems (it returns their number, > 0,
 *      when the kernel's frame/page-table invariants are broken; -1 means
 *      it could not check for lack of memory, which is said, not failed).
 * Between the two frames_free readings the parent allocates nothing: it
 * warmed up fork/wait/printf before the first test, keeps its mutable state
 * on its stack, never calls malloc/sbrk, and after each fork makes its stack
 * private again (fork shared it copy-on-write) before it lets the test's
 * child start (give_go), so no COW copy of the parent's lands inside a
 * test's own frame counts.
 *
 * Output is KTAP ("KTAP version 1", "1..N", "ok N name" / "not ok N name #
 * reason", "# " diagnostics) followed by a closing line "N passed, N failed".
 * The exit status is 1 if any test failed; as pid 1 it becomes QEMU's. */
#include "tutil.h"
#include "tests.h"

/* Test flags. */
#define TF_INIT_ONLY 0x1 /* needs to be pid 1: it relies on orphans being
                            reparented to us (skipped otherwise) */
#define TF_NAMED_ONLY 0x2 /* runs only when named exactly (not by '*' or by
                             default): it needs a boot set up for it, e.g.
                             --icount for a timing bound */

struct test {
  const char *name;
  void (*fn)(void);
  int flags;
};

static const struct test tests[] = {
  /* process lifecycle (t_proc.c) */
  { "exit_status", test_exit_status, 0 },
  { "wait_null", test_wait_null, 0 },
  { "wait_nochild", test_wait_nochild, 0 },
  { "wait_each_once", test_wait_each_once, 0 },
  { "wait_badptr_keeps_child", test_wait_badptr_keeps_child, 0 },
  { "fork_limit", test_fork_limit, 0 },
  { "getpid_distinct", test_getpid_distinct, 0 },
  { "fork_isolation", test_fork_isolation, 0 },
  { "fork_storm", test_fork_storm, 0 },
  { "orphan_reparent", test_orphan_reparent, TF_INIT_ONLY },
  { "uptime_sleep", test_uptime_sleep, 0 },
  { "lockstat_counts", test_lockstat_counts, 0 },

  /* kill (t_kill.c) */
  { "kill_spin", test_kill_spin, 0 },
  { "kill_sleep", test_kill_sleep, 0 },
  { "kill_pipe_read", test_kill_pipe_read, 0 },
  { "kill_nopid", test_kill_nopid, 0 },
  { "kill_zombie", test_kill_zombie, 0 },
  { "kill_self", test_kill_self, 0 },

  /* pipes and descriptors (t_pipe.c) */
  { "pipe_data", test_pipe_data, 0 },
  { "pipe_block", test_pipe_block, 0 },
  { "pipe_eof", test_pipe_eof, 0 },
  { "pipe_noreader", test_pipe_noreader, 0 },
  { "pipe_reader_gone", test_pipe_reader_gone, 0 },
  { "pipe_dup", test_pipe_dup, 0 },
  { "pipe_writers", test_pipe_writers, 0 },
  { "fd_invalid", test_fd_invalid, 0 },
  { "fd_limit", test_fd_limit, 0 },

  /* memory (t_mem.c) */
  { "sbrk_basic", test_sbrk_basic, 0 },
  { "sbrk_unmap", test_sbrk_unmap, 0 },
  { "sbrk_reuse", test_sbrk_reuse, 0 },
  { "sbrk_lazy", test_sbrk_lazy, 0 },
  { "sbrk_lazy_beyond", test_sbrk_lazy_beyond, 0 },
  { "sbrk_lazy_sys", test_sbrk_lazy_sys, 0 },
  { "sbrk_huge", test_sbrk_huge, 0 },
  { "sbrk_wrap", test_sbrk_wrap, 0 },
  { "sbrk_below_heap", test_sbrk_below_heap, 0 },
  { "sbrk_oom", test_sbrk_oom, 0 },
  { "xv6_layout_names", test_xv6_layout_names, 0 },
  { "irq_off_short", test_irq_off_short, TF_NAMED_ONLY },
  { "memstat_basic", test_memstat_basic, 0 },
  { "vmcheck_fork", test_vmcheck_fork, 0 },

  /* faults and the stack (t_fault.c) */
  { "fault_null", test_fault_null, 0 },
  { "fault_text", test_fault_text, 0 },
  { "fault_guard", test_fault_guard, 0 },
  { "fault_kernel", test_fault_kernel, 0 },
  { "fault_maxva", test_fault_maxva, 0 },
  { "fault_heap", test_fault_heap, 0 },
  { "fault_illegal", test_fault_illegal, 0 },
  { "stack_bounds", test_stack_bounds, 0 },
  { "stack_overflow", test_stack_overflow, 0 },
  { "syscall_bad", test_syscall_bad, 0 },

  /* bad pointers and sizes (t_badptr.c) */
  { "badptr_read", test_badptr_read, 0 },
  { "badptr_write", test_badptr_write, 0 },
  { "badptr_pipe", test_badptr_pipe, 0 },
  { "badptr_fstat", test_badptr_fstat, 0 },
  { "badptr_memstat", test_badptr_memstat, 0 },
  { "badptr_wait", test_badptr_wait, 0 },
  { "badptr_path", test_badptr_path, 0 },
  { "badptr_exec", test_badptr_exec, 0 },
  { "badptr_edge", test_badptr_edge, 0 },
  { "bad_sizes", test_bad_sizes, 0 },

  /* exec (t_exec.c) */
  { "exec_missing", test_exec_missing, 0 },
  { "exec_args", test_exec_args, 0 },
  { "exec_maxarg", test_exec_maxarg, 0 },
  { "exec_bigargs", test_exec_bigargs, 0 },
  { "exec_nonelf", test_exec_nonelf, 0 },
  { "exec_status", test_exec_status, 0 },
  { "exec_fds", test_exec_fds, 0 },
  { "exec_layout", test_exec_layout, 0 },
  { "exec_frees", test_exec_frees, 0 },
  /* file-backed pages (t_filemap.c) */
  { "filemap_text_shared", test_filemap_text_shared, 0 },
  { "filemap_data_private", test_filemap_data_private, 0 },
  { "filemap_overwrite_running", test_filemap_overwrite_running, 0 },
  { "filemap_unlink_running", test_filemap_unlink_running, 0 },
  { "filemap_unaligned", test_filemap_unaligned, 0 },
  { "filemap_exec_copies_few", test_filemap_exec_copies_few, 0 },

  /* the root directory as it is at boot (t_fs.c) */
  { "file_read", test_file_read, 0 },
  { "file_offsets", test_file_offsets, 0 },
  { "file_access_modes", test_file_access_modes, 0 },
  { "file_readme", test_file_readme, 0 },
  { "dir_list", test_dir_list, 0 },
  { "stat_paths", test_stat_paths, 0 },
  { "name_dirsiz", test_name_dirsiz, 0 },
  { "chdir_basic", test_chdir_basic, 0 },
  { "path_long", test_path_long, 0 },

  /* the writable file system (t_files.c) */
  { "files_basic", test_files_basic, 0 },
  { "files_big", test_files_big, 0 },
  { "files_dirs", test_files_dirs, 0 },
  { "files_dir_errors", test_files_dir_errors, 0 },
  { "files_links", test_files_links, 0 },
  { "files_mknod", test_files_mknod, 0 },
  { "files_fourteen", test_files_fourteen, 0 },
  { "files_unlink_open", test_files_unlink_open, 0 },
  { "files_shared_offset", test_files_shared_offset, 0 },
  { "files_race", test_files_race, 0 },
  { "files_fill", test_files_fill, 0 },
  { "files_exec_copy", test_files_exec_copy, 0 },
  { "files_cow_read", test_files_cow_read, 0 },
  { "files_cow_write", test_files_cow_write, 0 },
  { "files_lasterr", test_files_lasterr, 0 },
  { "strerror_texts", test_strerror_texts, 0 },

  /* copy-on-write fork (t_cow.c); each passes under cow=table, cow=page and cow=off */
  { "cow_patterns", test_cow_patterns, 0 },
  { "cow_generations", test_cow_generations, 0 },
  { "cow_pipe_read", test_cow_pipe_read, 0 },
  { "cow_fork_copies_nothing", test_cow_fork_copies_nothing, 0 },
  { "cow_reuse_last_ref", test_cow_reuse_last_ref, 0 },
  { "cow_fork_big", test_cow_fork_big, 0 },
  { "cow_race", test_cow_race, 0 },
  { "cow_exhaustion", test_cow_exhaustion, 0 },
  { "cow_text_readonly", test_cow_text_readonly, 0 },
  { "cow_child_shrink", test_cow_child_shrink, 0 },

  /* shared leaf page tables, 2 MiB spans (t_share.c); all three policies */
  { "share_write_spans", test_share_write_spans, 0 },
  { "share_generations", test_share_generations, 0 },
  { "share_sbrk", test_share_sbrk, 0 },
  { "share_pt_frames", test_share_pt_frames, 0 },
  { "share_read_into", test_share_read_into, 0 },
  { "share_exec", test_share_exec, 0 },
  { "share_race", test_share_race, 0 },
  { "share_unshare_one_span", test_share_unshare_one_span, 0 },

  /* address-space views: vmpages, vmregions (t_views.c) */
  { "views_fork_states", test_views_fork_states, 0 },
  { "views_write_each", test_views_write_each, 0 },
  { "views_last_sharer", test_views_last_sharer, 0 },
  { "views_regions", test_views_regions, 0 },
  { "views_region_budget", test_views_region_budget, 0 },
  { "views_bad_input", test_views_bad_input, 0 },
};

#define NTESTS NELEM(tests)

/* Makes sure fds 0-2 are the console (we may be the first process). */
static void setup_console(void)
{
  int fd = open("console", O_RDWR);
  while (fd >= 0 && fd < 2)
    fd = dup(fd);
  if (fd > 2)
    close(fd);
}

/* Exact match, or a prefix match when pattern ends in '*'. */
static int name_matches(const char *pattern, const char *name)
{
  int n = strlen(pattern);
  if (n > 0 && pattern[n - 1] == '*')
    return memcmp(pattern, name, n - 1) == 0;
  return strcmp(pattern, name) == 0;
}

/* Marks in sel[] the tests the arguments name. Returns the number selected,
 * or -1 (after saying so) if an argument matches no test. */
static int select_tests(int argc, char **argv, char *sel)
{
  int count = 0;
  for (int i = 0; i < NTESTS; i++)
    sel[i] = argc < 2 && !(tests[i].flags & TF_NAMED_ONLY);
  for (int a = 1; a < argc; a++) {
    int hit = 0;
    for (int i = 0; i < NTESTS; i++) {
      if (name_matches(argv[a], tests[i].name) &&
          (!(tests[i].flags & TF_NAMED_ONLY) || strcmp(argv[a], tests[i].name) == 0)) {
        sel[i] = 1;
        hit = 1;
      }
    }
    if (!hit) {
      printf("runtests: no test named %s (runtests -l lists them)\n", argv[a]);
      return -1;
    }
  }
  for (int i = 0; i < NTESTS; i++)
    count += sel[i];
  return count;
}

static void list_tests(void)
{
  for (int i = 0; i < NTESTS; i++)
    printf("%s\n", tests[i].name);
}

/* Does, once, everything the measured part of run_test does, so that any
 * first-use allocation (stack pages, COW copies of our pages, printf state)
 * happens before the first frames_free reading. */
static void warm_up(void)
{
  struct memstat ms;
  char buf[16];

  t_touch_stack();
  int pid = fork();
  if (pid == 0)
    exit(0);
  while (wait(0) >= 0)
    ;
  memstat(&ms);
  vmcheck();
  pause(0);
  snprintf(buf, sizeof buf, "%d", pid);
}

/* Waits until we have no children left; stores the status of pid (the
 * test's child) in *status. Also reaps orphans reparented to us as pid 1.
 * Returns 1 if pid was reaped. */
static int injecting; /* -i: failures of the test itself are expected */

/* Under fault injection a test process can be killed (its COW fault found
 * no memory) while its own children wait for it on a pipe they also hold
 * open: they would wait for ever. Once the test's child is gone, kill every
 * process created since it (pids are never reused, so they are the ones in
 * (pid, probe)). Returns the probe's pid, which the caller reaps. */
static int sweep_stragglers(int pid)
{
  int probe = fork();
  if (probe == 0)
    exit(0);
  for (int p = pid + 1; p < probe; p++)
    kill(p);
  return probe > 0 ? probe : 0;
}

/* Waits until we have no children left; stores the status of pid (the
 * test's child) in *status. Also reaps orphans reparented to us as pid 1.
 * Returns 1 if pid was reaped. */
static int reap_all(int pid, int *status)
{
  int got = 0, probe = 0;
  int st, w;
  while ((w = wait(&st)) >= 0) {
    if (w == pid) {
      *status = st;
      got = 1;
    }
    if (injecting && got && w != probe)
      probe = sweep_stragglers(pid);
  }
  return got;
}

/* Reads frames_free, allowing a few ticks for frees another hart may still
 * be completing. Returns the last reading, or -1 if memstat fails. */
static long settle_frames(long before)
{
  struct memstat ms;
  for (int i = 0; i < 4; i++) {
    if (memstat(&ms) != 0)
      return -1;
    if ((long)ms.frames_free == before)
      break;
    pause(1);
  }
  return (long)ms.frames_free;
}

/* Frames the file system holds now (memstat), or -1 if memstat fails. */
static long fs_frames_now(void)
{
  struct memstat ms;
  return memstat(&ms) == 0 ? (long)ms.fs_frames : -1;
}

static void report(int num, const char *name, int ok, const char *why)
{
  if (ok)
    printf("ok %d %s\n", num, name);
  else
    printf("not ok %d %s # %s\n", num, name, why);
}

/* Runs one test as described at the top of the file. Returns 1 if it
 * passed (or was skipped), 0 if it failed. */
/* The test's child must not start before we stop touching memory. After
 * fork every page of ours is shared copy-on-write with it, so our first
 * writes (the stack frames on the way into wait()) copy pages: on another
 * hart, at a moment the child cannot predict, that would move the global
 * free-frame count that many tests measure. So we make our whole stack
 * private first, then let the child go, then only wait. The signal is the
 * end of file on the pipe, not a byte: the child then holds the last end
 * and frees the pipe's frame itself, before the test starts. */
static void give_go(int go[2])
{
  close(go[0]);
  t_touch_stack();
  close(go[1]);
}

/* In the test's child: wait for give_go() (end of file); the pipe is gone
 * afterwards. */
static void wait_for_go(int go[2])
{
  char c;
  close(go[1]);
  if (read(go[0], &c, 1) != 0)
    exit(1);
  close(go[0]);
}

static int run_test(const struct test *t, int num, int is_init)
{
  char why[64];
  struct memstat ms;

  if ((t->flags & TF_INIT_ONLY) && !is_init) {
    printf("ok %d %s # SKIP needs runtests to be pid 1\n", num, t->name);
    return 1;
  }
  if (memstat(&ms) != 0) {
    report(num, t->name, 0, "memstat failed");
    return 0;
  }
  long before = (long)ms.frames_free;
  long fs_before = (long)ms.fs_frames;
  int go[2];
  if (pipe(go) < 0) {
    report(num, t->name, 0, "pipe failed");
    return 0;
  }
  int pid = fork();
  if (pid < 0) {
    close(go[0]);
    close(go[1]);
    if (injecting) {
      printf("ok %d %s # SKIP fork failed under fault injection\n", num, t->name);
      return 1;
    }
    report(num, t->name, 0, "fork failed");
    return 0;
  }
  if (pid == 0) {
    wait_for_go(go);
    t->fn();
    exit(0);
  }
  give_go(go);
  int status = 0;
  int reaped = reap_all(pid, &status);
  long after = settle_frames(before);
  int vm = vmcheck();
  if (vm < 0) {
    printf("# %s: vmcheck could not check (no memory for its tally)\n", t->name);
    vm = 0;
  }

  int ok = 0;
  if (!reaped)
    snprintf(why, sizeof why, "wait never returned the test's child");
  else if (status == -1)
    snprintf(why, sizeof why, "killed (wait status -1)");
  else if (status == 1)
    snprintf(why, sizeof why, "failed");
  else if (status != 0)
    snprintf(why, sizeof why, "exit status %d", status);
  else if (after < 0)
    snprintf(why, sizeof why, "memstat failed");
  else if (after < before)
    snprintf(why, sizeof why, "leaked %d frames", (int)(before - after));
  else if (after > before)
    snprintf(why, sizeof why, "frames_free grew by %d", (int)(after - before));
  else if (vm != 0)
    snprintf(why, sizeof why, "vmcheck found %d problems", vm);
  else
    ok = 1;

  /* A test stopped by an injected failure (killed, or failed on its own)
   * cannot remove the files it made: frames those files hold are the file
   * system's, not leaked, and are said as such. Anything else missing is
   * still a leak. */
  if (!ok && injecting && status != 0 && after >= 0 && after < before) {
    long in_files = fs_frames_now() - fs_before;
    if (in_files > 0 && after + in_files == before) {
      printf("# %s: left %d frames in files it could not remove\n", t->name, (int)in_files);
      after = before;
    }
  }
  int clean = reaped && after == before && vm == 0;
  if (!ok && injecting && clean) {
    printf("ok %d %s # SKIP %s under fault injection\n", num, t->name, why);
    return 1;
  }
  /* A failed child may hide a leak or a broken invariant: say so too. */
  if (!ok && status != 0 && after >= 0 && after != before)
    printf("# %s: frames_free %d before, %d after\n", t->name, (int)before,
           (int)after);
  if (!ok && status != 0 && vm != 0)
    printf("# %s: vmcheck found %d problems\n", t->name, vm);
  report(num, t->name, ok, why);
  return ok;
}

int main(int argc, char *argv[])
{
  char sel[NTESTS];
  int passed = 0, failed = 0, num = 0;

  setup_console();
  if (argc == 2 && strcmp(argv[1], "-l") == 0) {
    list_tests();
    exit(0);
  }
  if (argc >= 2 && strcmp(argv[1], "-i") == 0) {
    injecting = 1;
    argv[1] = argv[0];
    argc--;
    argv++;
  }
  int count = select_tests(argc, argv, sel);
  if (count < 0)
    exit(1);

  int is_init = getpid() == 1;
  printf("KTAP version 1\n");
  printf("1..%d\n", count);
  warm_up();
  for (int i = 0; i < NTESTS; i++) {
    if (!sel[i])
      continue;
    if (run_test(&tests[i], ++num, is_init))
      passed++;
    else
      failed++;
  }
  printf("%d passed, %d failed\n", passed, failed);
  exit(failed ? 1 : 0);
}
