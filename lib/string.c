/* Memory and string helpers. memset/memcpy are used by the compiler for
 * struct copies too, so they must exist even with -fno-builtin. Bulk work
 * moves 8 bytes at a time when both pointers allow it. */
#include "lib/string.h"

static bool both_aligned8(const void *a, const void *b)
{
  return (((uintptr_t)a | (uintptr_t)b) & 7) == 0;
}

void *memset(void *dst, int byte, size_t n)
{
  uint8_t *d = dst;
  if (((uintptr_t)d & 7) == 0) {
    uint64_t word = (uint8_t)byte * 0x0101010101010101ULL;
    for (; n >= 8; n -= 8, d += 8)
      *(uint64_t *)d = word;
  }
  while (n--)
    *d++ = (uint8_t)byte;
  return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;
  if (both_aligned8(d, s))
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *(uint64_t *)d = *(const uint64_t *)s;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;
  if (d <= s || d >= s + n)
    return memcpy(dst, src, n);
  while (n--)
    d[n] = s[n];
  return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
  const uint8_t *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

size_t strlen(const char *s)
{
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

size_t strnlen(const char *s, size_t max)
{
  size_t n = 0;
  while (n < max && s[n])
    n++;
  return n;
}

int strcmp(const char *a, const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
  for (; n; n--, a++, b++) {
    if (*a != *b)
      return (uint8_t)*a - (uint8_t)*b;
    if (!*a)
      return 0;
  }
  return 0;
}

char *strchr(const char *s, int c)
{
  for (; *s; s++)
    if (*s == (char)c)
      return (char *)s;
  return c == 0 ? (char *)s : NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
  size_t len = strlen(src);
  size_t n = MIN(len, size - 1);
  memcpy(dst, src, n);
  dst[n] = 0;
  return len;
}

/* Unrolled by 8 words: a page is 64 iterations with no byte loop, so fork
 * with cow=off and COW copies cost close to 512 loads and 512 stores. */
void page_zero(void *page)
{
  uint64_t *p = page, *end = p + PAGE_SIZE / 8;
  for (; p < end; p += 8) {
    p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0;
    p[4] = 0; p[5] = 0; p[6] = 0; p[7] = 0;
  }
}

void page_copy(void *dst, const void *src)
{
  uint64_t *d = dst, *end = d + PAGE_SIZE / 8;
  const uint64_t *s = src;
  for (; d < end; d += 8, s += 8) {
    uint64_t a = s[0], b = s[1], c = s[2], e = s[3];
    uint64_t f = s[4], g = s[5], h = s[6], i = s[7];
    d[0] = a; d[1] = b; d[2] = c; d[3] = e;
    d[4] = f; d[5] = g; d[6] = h; d[7] = i;
  }
}
