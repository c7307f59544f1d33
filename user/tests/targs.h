/* What runtests and its helper program targs agree on. */
#ifndef RUNTESTS_TARGS_H
#define RUNTESTS_TARGS_H

/* "targs args N ...": targs exits TARGS_OK if argc == N and each argv[i],
 * i >= 3, is targs_len(i) copies of the pattern below. */
#define TARGS_OK 42

static inline int targs_len(int i)
{
  return 1 + (i * 7) % 23;
}

static inline char targs_char(int i, int j)
{
  return (char)('a' + (i * 3 + j) % 26);
}

#endif
