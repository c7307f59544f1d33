/* printf and friends, on top of one formatter. */
#include "lib/printf.h"
#include "lib/output.h"
#include "lib/string.h"

struct spec {
  int width;
  bool zero_pad, left;
  int longness;   /* 0 int, 1 long, 2 long long / size_t */
};

static void emit_padded(emit_fn emit, void *ctx, const char *s, int len,
                        const struct spec *sp)
{
  int pad = sp->width > len ? sp->width - len : 0;
  char fill = sp->zero_pad && !sp->left ? '0' : ' ';
  /* A minus sign goes before zero padding. */
  if (fill == '0' && len > 0 && *s == '-') {
    emit(ctx, *s++);
    len--;
  }
  if (!sp->left)
    while (pad--) emit(ctx, fill);
  while (len--)
    emit(ctx, *s++);
  if (sp->left)
    while (pad-- > 0) emit(ctx, ' ');
}

static int format_unsigned(char *end, uint64_t v, unsigned base, bool upper)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  do {
    *--end = digits[v % base];
    v /= base;
    n++;
  } while (v);
  return n;
}

static void emit_number(emit_fn emit, void *ctx, uint64_t v, bool negative,
                        unsigned base, bool upper, const struct spec *sp)
{
  char buf[24];
  char *end = buf + sizeof(buf);
  int n = format_unsigned(end, v, base, upper);
  if (negative) {
    end[-n - 1] = '-';
    n++;
  }
  emit_padded(emit, ctx, end - n, n, sp);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
  *sp = (struct spec){0};
  for (;; f++) {
    if (*f == '0') sp->zero_pad = true;
    else if (*f == '-') sp->left = true;
    else break;
  }
  while (*f >= '0' && *f <= '9')
    sp->width = sp->width * 10 + (*f++ - '0');
  for (;; f++) {
    if (*f == 'l') sp->longness++;
    else if (*f == 'z') sp->longness = 2;
    else break;
  }
  return f;
}

static int64_t signed_arg(va_list *ap, int longness)
{
  return longness ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static uint64_t unsigned_arg(va_list *ap, int longness)
{
  return longness ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);
}

void format(emit_fn emit, void *ctx, const char *fmt, va_list ap_in)
{
  va_list ap;
  va_copy(ap, ap_in);
  for (const char *f = fmt; *f; f++) {
    if (*f != '%') {
      emit(ctx, *f);
      continue;
    }
    struct spec sp;
    f = parse_spec(f + 1, &sp);
    switch (*f) {
    case 'd': case 'i': {
      int64_t v = signed_arg(&ap, sp.longness);
      emit_number(emit, ctx, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, &sp);
      break;
    }
    case 'u': emit_number(emit, ctx, unsigned_arg(&ap, sp.longness), false, 10, false, &sp); break;
    case 'x': emit_number(emit, ctx, unsigned_arg(&ap, sp.longness), false, 16, false, &sp); break;
    case 'X': emit_number(emit, ctx, unsigned_arg(&ap, sp.longness), false, 16, true, &sp); break;
    case 'p':
      emit(ctx, '0'); emit(ctx, 'x');
      emit_number(emit, ctx, (uint64_t)va_arg(ap, void *), false, 16, false, &sp);
      break;
    case 'c': {
      char c = (char)va_arg(ap, int);
      emit_padded(emit, ctx, &c, 1, &sp);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s) s = "(null)";
      emit_padded(emit, ctx, s, (int)strlen(s), &sp);
      break;
    }
    case '%': emit(ctx, '%'); break;
    case 0: f--; break; /* trailing '%': stop at the terminator */
    default: emit(ctx, '%'); emit(ctx, *f); break;
    }
  }
  va_end(ap);
}

struct buffer {
  char *buf;
  size_t size, len;
};

static void emit_to_buffer(void *ctx, char c)
{
  struct buffer *b = ctx;
  if (b->len + 1 < b->size)
    b->buf[b->len] = c;
  b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
  struct buffer b = { buf, size, 0 };
  format(emit_to_buffer, &b, fmt, ap);
  if (size)
    buf[MIN(b.len, size - 1)] = 0;
  return (int)b.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

static void emit_to_console(void *ctx, char c)
{
  (*(int *)ctx)++;
  console_putc_locked(c);
}

int vprintf(const char *fmt, va_list ap)
{
  int n = 0;
  console_lock();
  format(emit_to_console, &n, fmt, ap);
  console_unlock();
  return n;
}

int printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}
