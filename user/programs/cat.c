/* cat [FILE...]: copies each file, or standard input if none, to standard
 * output. Exits 1 if a file cannot be opened or output fails. */
#include "kernel/fcntl.h"
#include "user/user.h"

/* Copies fd to fd 1 until end of file. Returns 0, or -1 on an error
 * (already reported, naming what). */
static int copy(int fd, const char *what)
{
  char buf[512];
  int n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    int w = write(1, buf, n);
    if (w != n) {
      /* a short count sets no error (a full file system returns one) */
      fprintf(2, "cat: write error: %s\n", w < 0 ? strerror(lasterr()) : "short write");
      return -1;
    }
  }
  if (n < 0) {
    fprintf(2, "cat: %s: read error\n", what);
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[])
{
  if (argc < 2)
    return copy(0, "stdin") < 0;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "cat: cannot open %s: %s\n", argv[i], strerror(lasterr()));
      status = 1;
      continue;
    }
    if (copy(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  return status;
}
