/* grep PATTERN [FILE...]: prints the lines of each file (or of standard
 * input) that contain PATTERN as a substring. With several files, each line
 * is prefixed by "FILE:". Exits 0 if a line matched, 1 if none did, 2 on
 * an error. Lines longer than the buffer are matched in pieces. */
#include "kernel/fcntl.h"
#include "user/user.h"

#define BUFSZ 1024

/* Returns 1 if pattern occurs in line (len bytes, not NUL-terminated). */
static int contains(const char *line, int len, const char *pattern)
{
  int plen = strlen(pattern);
  for (int i = 0; i + plen <= len; i++) {
    if (memcmp(line + i, pattern, plen) == 0)
      return 1;
  }
  return 0;
}

/* Prints line (len bytes, including its newline if any) if it matches.
 * Returns 1 if it matched. */
static int check_line(const char *line, int len, const char *pattern,
                      const char *prefix)
{
  if (!contains(line, len, pattern))
    return 0;
  if (prefix)
    printf("%s:", prefix);
  write(1, line, len);
  if (line[len - 1] != '\n')
    write(1, "\n", 1);
  return 1;
}

/* Scans fd line by line. Returns the number of matching lines, or -1 on a
 * read error. */
static int grep_fd(int fd, const char *pattern, const char *prefix)
{
  static char buf[BUFSZ];
  int len = 0, n, matches = 0;
  while ((n = read(fd, buf + len, BUFSZ - len)) > 0) {
    len += n;
    int start = 0;
    for (int i = 0; i < len; i++) {
      if (buf[i] == '\n') {
        matches += check_line(buf + start, i + 1 - start, pattern, prefix);
        start = i + 1;
      }
    }
    if (start == 0 && len == BUFSZ) /* a line longer than the buffer */
      matches += check_line(buf, len, pattern, prefix), start = len;
    memmove(buf, buf + start, len - start);
    len -= start;
  }
  if (len > 0) /* last line without a newline */
    matches += check_line(buf, len, pattern, prefix);
  return n < 0 ? -1 : matches;
}

int main(int argc, char *argv[])
{
  if (argc < 2) {
    fprintf(2, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  const char *pattern = argv[1];
  if (argc == 2) {
    int m = grep_fd(0, pattern, 0);
    return m < 0 ? 2 : m == 0;
  }
  int matched = 0, failed = 0;
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    int m = fd < 0 ? -1 : grep_fd(fd, pattern, argc > 3 ? argv[i] : 0);
    if (m < 0) {
      fprintf(2, "grep: cannot read %s\n", argv[i]);
      failed = 1;
    }
    matched |= m > 0;
    if (fd >= 0)
      close(fd);
  }
  return failed ? 2 : !matched;
}
