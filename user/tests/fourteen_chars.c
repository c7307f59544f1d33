/* fourteen_chars: a helper program for runtests whose name is exactly
 * DIRSIZ (14) characters, so its directory entry has no NUL. Exits with
 * FOURTEEN_STATUS so the test knows this program ran. */
#include "user/user.h"

#define FOURTEEN_STATUS 14

int main(void)
{
  exit(FOURTEEN_STATUS);
}
