/* ps: the kernel prints its process table on the console (procdump). */
#include "user/user.h"

int main(void)
{
  if (procdump() < 0) {
    fprintf(2, "ps: procdump failed\n");
    return 1;
  }
  return 0;
}
