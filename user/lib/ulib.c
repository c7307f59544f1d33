/* The rest of xv6's ulib: stat, gets, atoi. */
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"

/* Fills *st for path. Returns 0, or -1 if path cannot be opened or fstat
 * fails. */
int stat(const char *path, struct stat *st)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}

/* Reads one line from fd 0 into buf, one byte at a time so nothing past the
 * newline is consumed (a child process may read the rest). Keeps the
 * newline, always NUL-terminates, stops after max-1 bytes. At end of file
 * or on a read error, buf holds what was read so far (empty at EOF). */
char *gets(char *buf, int max)
{
  int i = 0;
  while (i + 1 < max) {
    char c;
    if (read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  buf[i] = 0;
  return buf;
}

/* Parses optional blanks, an optional sign and decimal digits. Stops at the
 * first other character; returns 0 if there are no digits. */
int atoi(const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  int neg = 0;
  if (*s == '-' || *s == '+')
    neg = (*s++ == '-');
  int n = 0;
  while (*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return neg ? -n : n;
}
