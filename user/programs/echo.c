/* echo ARG...: prints the arguments separated by spaces, then a newline.
 * The line goes out in one write() when it fits the buffer. */
#include "user/user.h"

#define LINE 512

/* Appends s to buf at *len, flushing to fd 1 whenever buf fills. */
static void emit(char *buf, int *len, const char *s)
{
  for (; *s; s++) {
    if (*len == LINE) {
      write(1, buf, *len);
      *len = 0;
    }
    buf[(*len)++] = *s;
  }
}

int main(int argc, char *argv[])
{
  char buf[LINE];
  int len = 0;
  for (int i = 1; i < argc; i++) {
    emit(buf, &len, argv[i]);
    emit(buf, &len, i + 1 < argc ? " " : "");
  }
  emit(buf, &len, "\n");
  if (write(1, buf, len) != len)
    return 1;
  return 0;
}
