/* Freestanding memory and string helpers. */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

void *memset(void *dst, int byte, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copies at most size-1 bytes and always terminates (size > 0). Returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/* Page-sized operations, a word at a time: the hot paths of fork and COW. */
void page_zero(void *page);
void page_copy(void *dst, const void *src);

#endif
