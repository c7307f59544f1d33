/* sleep TICKS: pauses for TICKS clock ticks. */
#include "user/user.h"

int main(int argc, char *argv[])
{
  if (argc != 2) {
    fprintf(2, "usage: sleep TICKS\n");
    return 1;
  }
  int ticks = atoi(argv[1]);
  if (ticks < 0 || sleep(ticks) < 0) {
    fprintf(2, "sleep: failed\n");
    return 1;
  }
  return 0;
}
