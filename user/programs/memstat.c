/* memstat: prints the kernel's memory counters, one "name value" per line. */
#include "user/user.h"

int main(void)
{
  struct memstat st;
  if (memstat(&st) < 0) {
    fprintf(2, "memstat: failed\n");
    return 1;
  }
  printf("frames_total %lu\n"
         "frames_free %lu\n"
         "cow_faults %lu\n"
         "cow_copies %lu\n"
         "cow_reuses %lu\n"
         "fork_shared %lu\n"
         "fork_copied %lu\n"
         "pt_frames %lu\n"
         "fork_cow %lu\n"
         "irq_off_max_us %lu\n"
         "fs_frames %lu\n"
         "fs_frames_max %lu\n"
         "fork_policy %lu\n"
         "tables_shared %lu\n"
         "tables_unshared %lu\n"
         "file_pages_mapped %lu\n"
         "exec_pages_copied %lu\n",
         st.frames_total, st.frames_free, st.cow_faults, st.cow_copies,
         st.cow_reuses, st.fork_shared, st.fork_copied, st.pt_frames, st.fork_cow,
         st.irq_off_max_us, st.fs_frames, st.fs_frames_max, st.fork_policy,
         st.tables_shared, st.tables_unshared, st.file_pages_mapped, st.exec_pages_copied);
  return 0;
}
