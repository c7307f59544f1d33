/* rm NAME...: removes each name (unlink). As in xv6, an empty directory
 * can be removed this way too; a non-empty one cannot. Exits 1 if any
 * name could not be removed, after saying why. */
#include "user/user.h"

int main(int argc, char *argv[])
{
  if (argc < 2) {
    fprintf(2, "usage: rm FILE...\n");
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (unlink(argv[i]) < 0) {
      fprintf(2, "rm: cannot remove %s: %s\n", argv[i], strerror(lasterr()));
      status = 1;
    }
  }
  return status;
}
