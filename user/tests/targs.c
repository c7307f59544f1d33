/* targs: a helper program that runtests execs. argv[1] picks a check and
 * the exit status reports the result:
 *
 *   targs args N S3 S4 ...  argc == N, argv[N] == 0 and each argv[i], i >= 3,
 *                           follows the pattern in targs.h   -> 42 (TARGS_OK)
 *   targs exit N            exits with status N
 *   targs fd N              writes "targs-fd" to descriptor N  -> 0
 *   targs mem               the fresh image is laid out as layout.h says -> 0
 *   targs free N            memstat's frames_free >= N        -> 0
 *   targs reap N            writes "targs-fd" to descriptor N and closes
 *                           it (the exec is done), then reaps every child
 *                           it inherited from the image it replaced
 *                                          -> 0 if all of them exited 0
 *
 * Anything else exits 5. Each failed check has its own status, so a
 * runtests message "got 21, want 0" says which check failed. */
#include "kernel/types.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "uapi/layout.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "targs.h"

/* Returns 1 if s is targs_len(i) characters of the pattern for index i. */
static int arg_ok(const char *s, int i)
{
  int len = targs_len(i);
  for (int j = 0; j < len; j++)
    if (s[j] != targs_char(i, j))
      return 0;
  return s[len] == 0;
}

static int check_args(int argc, char **argv)
{
  if (argc < 3 || atoi(argv[2]) != argc)
    return 10;
  if (argv[argc] != 0)
    return 11;
  for (int i = 3; i < argc; i++)
    if (!arg_ok(argv[i], i))
      return 12;
  return TARGS_OK;
}

static int check_fd(int argc, char **argv)
{
  if (argc != 3)
    return 5;
  return write(atoi(argv[2]), "targs-fd", 8) == 8 ? 0 : 13;
}

/* A new image: stack where layout.h puts it and aligned as the psABI
 * requires, text at USER_TEXT_BASE, a small fresh heap (nothing inherited
 * from the image exec replaced) that reads as zero, the whole stack usable. */
static int check_mem(void)
{
  int local;
  uint64 sp;
  asm volatile("mv %0, sp" : "=r"(sp));
  uint64 text = (uint64)check_mem;
  uint64 brk = (uint64)sbrk(0);

  if ((uint64)&local < USTACK_BOTTOM || (uint64)&local >= USTACK_TOP)
    return 20;
  if (sp % 16 != 0)
    return 21;
  if (text < USER_TEXT_BASE || text >= USER_TEXT_BASE + (16UL << 20))
    return 22;
  if (brk <= text || brk >= USER_TEXT_BASE + (8UL << 20))
    return 23;
  for (uint64 a = USTACK_BOTTOM; a < USTACK_TOP; a += PGSIZE) {
    volatile char *p = (volatile char *)a;
    *p = *p;
  }
  char *h = sbrk(PGSIZE);
  if (h == SBRK_ERROR)
    return 24;
  for (int i = 0; i < PGSIZE; i++)
    if (h[i] != 0)
      return 25;
  return 0;
}

static int check_free(int argc, char **argv)
{
  struct memstat ms;
  if (argc != 3)
    return 5;
  if (memstat(&ms) != 0)
    return 31;
  return ms.frames_free >= (unsigned long)atoi(argv[2]) ? 0 : 30;
}

/* Children survive exec: wait for the ones the old image forked. */
static int reap_children(int argc, char **argv)
{
  int status, reaped = 0, bad = 0;
  if (argc != 3)
    return 5;
  int fd = atoi(argv[2]);
  if (write(fd, "targs-fd", 8) != 8)
    return 13;
  close(fd);
  while (wait(&status) >= 0) {
    reaped++;
    bad += status != 0;
  }
  return reaped == 0 ? 33 : bad ? 32 : 0;
}

int main(int argc, char *argv[])
{
  if (argc < 2)
    exit(5);
  if (strcmp(argv[1], "args") == 0)
    exit(check_args(argc, argv));
  if (strcmp(argv[1], "exit") == 0 && argc == 3)
    exit(atoi(argv[2]));
  if (strcmp(argv[1], "fd") == 0)
    exit(check_fd(argc, argv));
  if (strcmp(argv[1], "mem") == 0)
    exit(check_mem());
  if (strcmp(argv[1], "free") == 0)
    exit(check_free(argc, argv));
  if (strcmp(argv[1], "reap") == 0)
    exit(reap_children(argc, argv));
  exit(5);
}
