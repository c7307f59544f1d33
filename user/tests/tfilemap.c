/* tfilemap: a helper program runtests execs for the tests of file-backed
 * pages (t_filemap.c). Its data segment holds more than two whole pages of
 * initialized data, so exec maps at least one of them copy-on-write from
 * the file's frames (docs/cow.md, "File-backed pages").
 *
 *   tfilemap hold    checks its data, writes the address of `data` (8
 *                    bytes) to fd 1, waits for EOF on fd 0, checks again
 *   tfilemap write   as hold, but first overwrites every word of `data`
 *                    with its complement (each page a COW write)
 *
 * Exits 0 if every check passed, 1 if the data was wrong before the wait,
 * 2 after it, 5 for a bad mode. */
#include "kernel/types.h"
#include "user/user.h"

#define DATA_WORDS (3 * 4096 / 8)
#define MARK(i) (0x5eed000000000000UL | (unsigned long)(i))

/* Initialized data, so it sits in the file (.data), not in .bss. */
static volatile unsigned long data[DATA_WORDS] = {
  [0] = MARK(0), [512] = MARK(512), [1024] = MARK(1024), [DATA_WORDS - 1] = MARK(DATA_WORDS - 1),
};

/* What data[i] holds as loaded: MARK(i) at the marked words, 0 elsewhere. */
static unsigned long loaded(int i)
{
  return i == 0 || i == 512 || i == 1024 || i == DATA_WORDS - 1 ? MARK(i) : 0;
}

static int data_is(int flipped)
{
  for (int i = 0; i < DATA_WORDS; i++)
    if (data[i] != (flipped ? ~loaded(i) : loaded(i)))
      return 0;
  return 1;
}

int main(int argc, char *argv[])
{
  if (argc != 2 || (strcmp(argv[1], "hold") != 0 && strcmp(argv[1], "write") != 0))
    exit(5);
  int flip = strcmp(argv[1], "write") == 0;
  if (!data_is(0))
    exit(1);
  for (int i = 0; flip && i < DATA_WORDS; i++)
    data[i] = ~data[i];
  unsigned long where = (unsigned long)data;
  write(1, &where, sizeof(where));
  char c;
  while (read(0, &c, 1) > 0)
    ;
  exit(data_is(flip) ? 0 : 2);
}
