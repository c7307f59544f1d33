/* Every test in the runtests suite.
 *
 * A test is a void(void) function run in its own child process: it passes by
 * returning (the runner then exits 0) and fails through CHECK/FAIL, which
 * print "# reason" and exit 1. To add one: write it in the t_*.c file for its
 * area (or a new one listed in CMakeLists.txt), declare it here, and add a
 * row to the table in runtests.c. */
#ifndef RUNTESTS_TESTS_H
#define RUNTESTS_TESTS_H

/* t_proc.c: exit, wait, fork, pids, time */
void test_exit_status(void);
void test_wait_null(void);
void test_wait_nochild(void);
void test_wait_each_once(void);
void test_wait_badptr_keeps_child(void);
void test_fork_limit(void);
void test_getpid_distinct(void);
void test_fork_isolation(void);
void test_fork_storm(void);
void test_orphan_reparent(void);
void test_uptime_sleep(void);
void test_lockstat_counts(void);

/* t_kill.c: kill */
void test_kill_spin(void);
void test_kill_sleep(void);
void test_kill_pipe_read(void);
void test_kill_nopid(void);
void test_kill_zombie(void);
void test_kill_self(void);

/* t_pipe.c: pipes and file descriptors */
void test_pipe_data(void);
void test_pipe_block(void);
void test_pipe_eof(void);
void test_pipe_noreader(void);
void test_pipe_reader_gone(void);
void test_pipe_dup(void);
void test_pipe_writers(void);
void test_fd_invalid(void);
void test_fd_limit(void);

/* t_mem.c: sbrk, lazy allocation, memstat, vmcheck */
void test_sbrk_basic(void);
void test_sbrk_unmap(void);
void test_sbrk_reuse(void);
void test_sbrk_lazy(void);
void test_sbrk_lazy_beyond(void);
void test_sbrk_lazy_sys(void);
void test_sbrk_huge(void);
void test_sbrk_wrap(void);
void test_sbrk_below_heap(void);
void test_sbrk_oom(void);
void test_xv6_layout_names(void);
void test_irq_off_short(void);
void test_memstat_basic(void);
void test_vmcheck_fork(void);

/* t_fault.c: faults kill only the faulting process; the stack */
void test_fault_null(void);
void test_fault_text(void);
void test_fault_guard(void);
void test_fault_kernel(void);
void test_fault_maxva(void);
void test_fault_heap(void);
void test_fault_illegal(void);
void test_stack_bounds(void);
void test_stack_overflow(void);
void test_syscall_bad(void);

/* t_badptr.c: bad pointers and sizes handed to system calls */
void test_badptr_read(void);
void test_badptr_write(void);
void test_badptr_pipe(void);
void test_badptr_fstat(void);
void test_badptr_memstat(void);
void test_badptr_wait(void);
void test_badptr_path(void);
void test_badptr_exec(void);
void test_badptr_edge(void);
void test_bad_sizes(void);

/* t_exec.c: exec */
void test_exec_missing(void);
void test_exec_args(void);
void test_exec_maxarg(void);
void test_exec_bigargs(void);
void test_exec_nonelf(void);
void test_exec_status(void);
void test_exec_fds(void);
void test_exec_layout(void);
void test_exec_frees(void);

/* t_fs.c: the root directory as it is at boot */
void test_file_read(void);
void test_file_offsets(void);
void test_file_access_modes(void);
void test_file_readme(void);
void test_dir_list(void);
void test_stat_paths(void);
void test_name_dirsiz(void);
void test_chdir_basic(void);
void test_path_long(void);

/* t_files.c: the writable file system */
void test_files_basic(void);
void test_files_big(void);
void test_files_dirs(void);
void test_files_dir_errors(void);
void test_files_links(void);
void test_files_mknod(void);
void test_files_fourteen(void);
void test_files_unlink_open(void);
void test_files_shared_offset(void);
void test_files_race(void);
void test_files_fill(void);
void test_files_exec_copy(void);
void test_files_cow_read(void);
void test_files_cow_write(void);
void test_files_lasterr(void);
void test_strerror_texts(void);

/* COW suite: declare its tests here (implement them in t_cow.c). */

/* t_cow.c: copy-on-write fork */
void test_cow_patterns(void);
void test_cow_generations(void);
void test_cow_pipe_read(void);
void test_cow_fork_copies_nothing(void);
void test_cow_reuse_last_ref(void);
void test_cow_fork_big(void);
void test_cow_race(void);
void test_cow_exhaustion(void);
void test_cow_text_readonly(void);
void test_cow_child_shrink(void);

/* t_share.c: shared leaf page tables across 2 MiB spans */
void test_share_write_spans(void);
void test_share_generations(void);
void test_share_sbrk(void);
void test_share_pt_frames(void);
void test_share_read_into(void);
void test_share_exec(void);
void test_share_race(void);
void test_share_unshare_one_span(void);

/* t_views.c: what vmpages and vmregions report, and their bad input */
void test_views_fork_states(void);
void test_views_write_each(void);
void test_views_last_sharer(void);
void test_views_regions(void);
void test_views_region_budget(void);
void test_views_bad_input(void);

/* t_filemap.c: exec maps program pages from the file */
void test_filemap_text_shared(void);
void test_filemap_data_private(void);
void test_filemap_overwrite_running(void);
void test_filemap_unlink_running(void);
void test_filemap_unaligned(void);
void test_filemap_exec_copies_few(void);

#endif
