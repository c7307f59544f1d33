/* lockstat: the kernel's spinlocks by class (all locks of one name), how
 * often each was taken since boot and how often the taker had to wait for
 * another hart. Run it before and after some work to see which locks that
 * work takes and fights over. */
#include "user/user.h"

int main(void)
{
  struct lockstat_class classes[LOCKSTAT_CLASSES];
  int n = lockstat(classes, LOCKSTAT_CLASSES);
  if (n < 0) {
    fprintf(2, "lockstat: failed\n");
    return 1;
  }
  printf("%-16s %12s %10s\n", "class", "acquisitions", "contended");
  for (int i = 0; i < n && i < LOCKSTAT_CLASSES; i++)
    printf("%-16s %12lu %10lu\n", classes[i].name, classes[i].acquisitions,
           classes[i].contended);
  return 0;
}
