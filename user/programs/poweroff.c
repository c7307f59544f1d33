/* poweroff [STATUS]: shuts the machine down; QEMU exits with STATUS
 * (default 0). */
#include "user/user.h"

int main(int argc, char *argv[])
{
  int status = argc > 1 ? atoi(argv[1]) : 0;
  poweroff(status);
  fprintf(2, "poweroff: failed\n");
  return 1;
}
