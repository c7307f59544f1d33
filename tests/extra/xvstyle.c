// An xv6-style program from outside the tree: it uses only xv6's headers
// and user library, and is built into the boot image with
//   cmake -DUSER_EXTRA_PROGRAMS=/abs/path/xvstyle.c ...
// The ctest "user-extra-program" boots it as init=xvstyle and expects its
// exit status (child's status + argc) to become QEMU's.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/fs.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  char *p = sbrk(PGSIZE);
  if(p == SBRK_ERROR){
    fprintf(2, "xvstyle: sbrk failed\n");
    exit(1);
  }
  p[0] = 'x';
  int pid = fork();
  if(pid == 0){
    p[0] = 'c';
    printf("xvstyle: child of %s\n", argv[0]);
    exit(7);
  }
  int status;
  if(wait(&status) != pid || p[0] != 'x')
    exit(1);
  printf("xvstyle: child exited with %d\n", status);
  exit(status + argc);
}
