/* mkdir DIR...: creates each directory. The parent must exist (there is no
 * -p). Exits 1 if any could not be created, after saying why. */
#include "user/user.h"

int main(int argc, char *argv[])
{
  if (argc < 2) {
    fprintf(2, "usage: mkdir DIR...\n");
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (mkdir(argv[i]) < 0) {
      fprintf(2, "mkdir: cannot create %s: %s\n", argv[i], strerror(lasterr()));
      status = 1;
    }
  }
  return status;
}
