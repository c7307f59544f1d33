/* String and memory functions with xv6's signatures. Compiled with
 * -fno-tree-loop-distribute-patterns so GCC cannot turn these loops back
 * into calls to themselves. */
#include "user/user.h"

char *strcpy(char *dst, const char *src)
{
  char *d = dst;
  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

/* Copies at most n bytes of src; pads with NULs up to n. Like C's strncpy,
 * dst is not NUL-terminated when src has n or more characters. */
char *strncpy(char *dst, const char *src, int n)
{
  int i = 0;
  for (; i < n && src[i]; i++)
    dst[i] = src[i];
  for (; i < n; i++)
    dst[i] = 0;
  return dst;
}

int strcmp(const char *a, const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return (uchar)*a - (uchar)*b;
}

/* Compares at most n characters. */
int strncmp(const char *a, const char *b, uint n)
{
  for (; n > 0; n--, a++, b++) {
    if (*a != *b || *a == 0)
      return (uchar)*a - (uchar)*b;
  }
  return 0;
}

uint strlen(const char *s)
{
  uint n = 0;
  while (s[n])
    n++;
  return n;
}

/* Returns the first occurrence of c in s, or 0. As in xv6, searching for
 * NUL returns 0 rather than the terminator. */
char *strchr(const char *s, char c)
{
  for (; *s; s++) {
    if (*s == c)
      return (char *)s;
  }
  return 0;
}

void *memset(void *dst, int c, uint n)
{
  uchar *d = dst;
  while (n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

int memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;
  for (; n > 0; n--, p++, q++) {
    if (*p != *q)
      return *p - *q;
  }
  return 0;
}

/* Copies n bytes; the regions may overlap. */
void *memmove(void *dst, const void *src, int n)
{
  uchar *d = dst;
  const uchar *s = src;
  if (s < d && s + n > d) {
    d += n, s += n;
    while (n-- > 0)
      *--d = *--s;
  } else {
    while (n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

/* GCC emits calls to memcpy for struct copies; memmove is safe for it. */
void *memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}
