// An xv6-style program that uses files, from outside the tree: only xv6's
// headers and user library. Built into the boot image with
//   cmake -DUSER_EXTRA_PROGRAMS="/abs/xvstyle.c;/abs/xvfiles.c" ...
// The ctest "user-extra-files" boots it as init=xvfiles and expects its
// exit status, 21, to become QEMU's. Each failed step exits with its own
// status (1..20) after saying which.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "user/user.h"

#define OK 21

char msg[] = "hello from xvfiles\n";

void
fail(int status, char *what)
{
  printf("xvfiles: %s failed\n", what);
  exit(status);
}

// Reads the whole of path into buf; returns the byte count.
int
readall(char *path, char *buf, int max)
{
  int fd, n, total;

  fd = open(path, O_RDONLY);
  if(fd < 0)
    return -1;
  total = 0;
  while(total < max && (n = read(fd, buf + total, max - total)) > 0)
    total += n;
  close(fd);
  return total;
}

// Counts dir's entries other than . and .., the way xv6's ls reads them.
int
entries(char *dir)
{
  struct dirent de;
  int fd, n;

  fd = open(dir, O_RDONLY);
  if(fd < 0)
    return -1;
  n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    if(strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
      continue;
    n++;
  }
  close(fd);
  return n;
}

int
main(int argc, char *argv[])
{
  char buf[64];
  struct stat st;
  int fd;

  if(mkdir("xvdir") < 0)
    fail(1, "mkdir");
  fd = open("xvdir/a", O_CREATE | O_RDWR);
  if(fd < 0)
    fail(2, "create");
  if(write(fd, msg, sizeof(msg) - 1) != sizeof(msg) - 1)
    fail(3, "write");
  close(fd);
  if(readall("xvdir/a", buf, sizeof(buf)) != sizeof(msg) - 1 ||
     memcmp(buf, msg, sizeof(msg) - 1) != 0)
    fail(4, "read back");
  if(link("xvdir/a", "xvdir/b") < 0)
    fail(5, "link");
  if(stat("xvdir/b", &st) < 0 || st.type != T_FILE || st.nlink != 2 ||
     st.size != sizeof(msg) - 1)
    fail(6, "stat of the link");
  if(entries("xvdir") != 2)
    fail(7, "listing the directory");
  if(unlink("xvdir") == 0)
    fail(8, "refusing to unlink a non-empty directory");
  if(unlink("xvdir/a") < 0)
    fail(9, "unlink");
  if(readall("xvdir/b", buf, sizeof(buf)) != sizeof(msg) - 1)
    fail(10, "reading the other name");
  if(unlink("xvdir/b") < 0 || entries("xvdir") != 0)
    fail(11, "emptying the directory");
  if(unlink("xvdir") < 0 || stat("xvdir", &st) == 0)
    fail(12, "removing the directory");
  printf("xvfiles: %s: files, links and directories work\n", argc > 0 ? argv[0] : "?");
  exit(OK);
}
