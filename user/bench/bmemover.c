/* bmemover: the memory the kernel spends to manage memory (issue 5, item 7).
 *
 *   frame metadata: the kernel keeps one 4-byte word per frame, so its size
 *   is frames_total * 4 bytes (the harness relates it to RAM);
 *   page tables: the heap grows STEP_KIB at a time up to MAX_KIB, each step
 *   written, and pt_frames is read after each step; then a child forked
 *   with the full heap reads pt_frames too, which gives the page-table
 *   frames a COW (or eager) fork adds for the child.
 *
 * usage: bmemover STEP_KIB MAX_KIB */
#include "bench.h"

/* Page-table frames a child adds: the child reports its own view of
 * pt_frames through its exit status (minus the parent's, bounded). */
static long child_pt_frames(unsigned long base_pt)
{
  int pid = fork();
  if (pid == 0) {
    struct memstat st;
    memstat(&st);
    long added = (long)st.pt_frames - (long)base_pt;
    exit(added < 0 ? 0 : added > 250 ? 250 : (int)added);
  }
  int status = -1;
  if (pid < 0 || wait(&status) != pid)
    return -1;
  return status;
}

int main(int argc, char *argv[])
{
  bench_setup();
  if (argc != 3) {
    fprintf(2, "usage: bmemover STEP_KIB MAX_KIB\n");
    return 2;
  }
  long step = bench_arg(argv[1], "step KiB"), max = bench_arg(argv[2], "max KiB");
  struct memstat st;
  memstat(&st);
  bench_value("meta", "frames_total", (long)st.frames_total);
  unsigned long pt0 = st.pt_frames;
  long kib = 0;
  for (kib = step; kib <= max; kib += step) {
    char *heap = bench_heap_resize((unsigned long)kib * 1024);
    if (!heap) {
      printf("# bmemover: sbrk to %ld KiB failed\n", kib);
      break;
    }
    bench_touch(heap, (unsigned long)kib * 1024, 1);
    memstat(&st);
    printf("BENCH name=ptgrow kib=%ld pt_frames=%ld\n", kib,
           (long)st.pt_frames - (long)pt0);
  }
  kib -= step;
  memstat(&st);
  printf("BENCH name=ptfork kib=%ld child_pt_frames=%ld\n", kib,
         child_pt_frames(st.pt_frames));
  return 0;
}
