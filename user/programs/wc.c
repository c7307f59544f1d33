/* wc [FILE...]: prints the lines, words and bytes of each file (or of
 * standard input), followed by its name, and a total for several files. */
#include "kernel/fcntl.h"
#include "user/user.h"

struct counts {
  unsigned long lines, words, bytes;
};

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* Counts fd to end of file into *c. Returns 0, or -1 on a read error. */
static int count(int fd, struct counts *c)
{
  char buf[512];
  int n, in_word = 0;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    for (int i = 0; i < n; i++) {
      c->bytes++;
      if (buf[i] == '\n')
        c->lines++;
      if (is_space(buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void report(const struct counts *c, const char *name)
{
  printf("%lu %lu %lu %s\n", c->lines, c->words, c->bytes, name);
}

int main(int argc, char *argv[])
{
  struct counts total = {0, 0, 0};
  if (argc < 2) {
    if (count(0, &total) < 0) {
      fprintf(2, "wc: read error\n");
      return 1;
    }
    report(&total, "");
    return 0;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct counts c = {0, 0, 0};
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0 || count(fd, &c) < 0) {
      fprintf(2, "wc: cannot read %s\n", argv[i]);
      status = 1;
    } else {
      report(&c, argv[i]);
    }
    if (fd >= 0)
      close(fd);
    total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
  }
  if (argc > 2)
    report(&total, "total");
  return status;
}
