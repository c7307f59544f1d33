/* ln OLD NEW: makes NEW another name (hard link) for the file OLD.
 * Exits 1, saying why, if the link cannot be made. */
#include "user/user.h"

int main(int argc, char *argv[])
{
  if (argc != 3) {
    fprintf(2, "usage: ln OLD NEW\n");
    return 1;
  }
  if (link(argv[1], argv[2]) < 0) {
    fprintf(2, "ln: cannot link %s to %s: %s\n", argv[2], argv[1],
            strerror(lasterr()));
    return 1;
  }
  return 0;
}
