/* printf and friends. One formatter writes into a "sink": either a 256-byte
 * buffer flushed to a file descriptor (printf, fprintf), or a caller's array
 * (snprintf). Buffering means a short printf reaches the kernel as a single
 * write(), so lines from concurrent processes interleave whole.
 *
 * Conversions: d i u x X p s c %, length modifiers l ll z (all 64-bit on
 * rv64 except none = int), flags '0' and '-', and a decimal field width. */
#include "user/user.h"

#define OUTBUF 256

struct sink {
  char *buf;   /* where characters go */
  int cap;     /* usable bytes in buf */
  int len;     /* bytes in buf now */
  int fd;      /* flush target, or -1 for a string sink */
  int total;   /* characters produced so far */
};

/* Writes the buffered bytes to the sink's fd and empties the buffer. */
static void flush(struct sink *s)
{
  if (s->fd >= 0 && s->len > 0)
    write(s->fd, s->buf, s->len);
  s->len = 0;
}

/* Emits one character. A full fd sink is flushed; a full string sink drops
 * the character but still counts it (snprintf reports the full length). */
static void put(struct sink *s, char c)
{
  if (s->len == s->cap) {
    if (s->fd < 0) {
      s->total++;
      return;
    }
    flush(s);
  }
  s->buf[s->len++] = c;
  s->total++;
}

static void pad(struct sink *s, char c, int n)
{
  while (n-- > 0)
    put(s, c);
}

/* A conversion's flags and field width. */
struct spec {
  int zero;  /* '0': pad numbers with zeros */
  int left;  /* '-': pad on the right */
  int width;
};

/* Emits str (len bytes) padded to the spec's width. sign, if non-zero, goes
 * before any zero padding ("-0042"). */
static void field(struct sink *s, const struct spec *sp, char sign,
                  const char *str, int len)
{
  int fill = sp->width - len - (sign != 0);
  if (!sp->left && !sp->zero)
    pad(s, ' ', fill);
  if (sign)
    put(s, sign);
  if (!sp->left && sp->zero)
    pad(s, '0', fill);
  for (int i = 0; i < len; i++)
    put(s, str[i]);
  if (sp->left)
    pad(s, ' ', fill);
}

/* Formats the magnitude v in base (10 or 16) with an optional minus sign. */
static void number(struct sink *s, const struct spec *sp, unsigned long v,
                   int base, int negative, int upper)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int i = sizeof tmp;
  do {
    tmp[--i] = digits[v % base];
    v /= base;
  } while (v != 0);
  field(s, sp, negative ? '-' : 0, tmp + i, sizeof tmp - i);
}

/* Fetches a signed integer argument of the given length (0 = int). */
static long signed_arg(va_list *ap, int lng)
{
  return lng ? va_arg(*ap, long) : va_arg(*ap, int);
}

static unsigned long unsigned_arg(va_list *ap, int lng)
{
  return lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
}

/* Emits one conversion c. Unknown conversions are printed as written. */
static void convert(struct sink *s, struct spec *sp, int lng, char c,
                    va_list *ap)
{
  long v;
  const char *str;
  char ch;

  switch (c) {
  case 'd': case 'i':
    v = signed_arg(ap, lng);
    /* negate as unsigned: -LONG_MIN overflows a long */
    number(s, sp, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, 0);
    break;
  case 'u':
    number(s, sp, unsigned_arg(ap, lng), 10, 0, 0);
    break;
  case 'x': case 'X':
    number(s, sp, unsigned_arg(ap, lng), 16, 0, c == 'X');
    break;
  case 'p':
    put(s, '0');
    put(s, 'x');
    sp->zero = 1, sp->left = 0, sp->width = 16;
    number(s, sp, (unsigned long)va_arg(*ap, void *), 16, 0, 0);
    break;
  case 's':
    str = va_arg(*ap, const char *);
    if (str == 0)
      str = "(null)";
    sp->zero = 0;
    field(s, sp, 0, str, strlen(str));
    break;
  case 'c':
    ch = (char)va_arg(*ap, int);
    sp->zero = 0;
    field(s, sp, 0, &ch, 1);
    break;
  case '%':
    put(s, '%');
    break;
  default:
    put(s, '%');
    if (c)
      put(s, c);
    break;
  }
}

/* Runs the format string through the sink. Returns the characters produced. */
static int format(struct sink *s, const char *fmt, va_list ap)
{
  va_list args;
  va_copy(args, ap); /* lets helpers take a pointer to it portably */
  while (*fmt) {
    if (*fmt != '%') {
      put(s, *fmt++);
      continue;
    }
    fmt++;
    struct spec sp = {0, 0, 0};
    for (;; fmt++) {
      if (*fmt == '0')
        sp.zero = 1;
      else if (*fmt == '-')
        sp.left = 1;
      else
        break;
    }
    while (*fmt >= '0' && *fmt <= '9')
      sp.width = sp.width * 10 + (*fmt++ - '0');
    int lng = 0;
    while (*fmt == 'l' || *fmt == 'z')
      lng = 1, fmt++;
    convert(s, &sp, lng, *fmt, &args);
    if (*fmt)
      fmt++;
  }
  va_end(args);
  return s->total;
}

int vfprintf(int fd, const char *fmt, va_list ap)
{
  char buf[OUTBUF];
  struct sink s = {buf, sizeof buf, 0, fd, 0};
  format(&s, fmt, ap);
  flush(&s);
  return s.total;
}

int fprintf(int fd, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}

int printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(1, fmt, ap);
  va_end(ap);
  return n;
}

/* Formats into buf, writing at most size bytes including the NUL (nothing
 * when size is 0). Returns the length the whole output would have. */
int vsnprintf(char *buf, int size, const char *fmt, va_list ap)
{
  struct sink s = {buf, size > 0 ? size - 1 : 0, 0, -1, 0};
  format(&s, fmt, ap);
  if (size > 0)
    buf[s.len] = 0;
  return s.total;
}

int snprintf(char *buf, int size, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
