/* init: the first process. Opens the console as fds 0, 1 and 2, then keeps
 * a shell running for ever: start sh, wait, start it again when it exits.
 * Every process whose parent exits becomes init's child, so the wait loop
 * also reaps those orphans. */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define RESPAWN_TICKS 10 /* a shell that dies faster than this is throttled */

static char *sh_argv[] = {"sh", 0};

/* Makes sure the console is fds 0, 1 and 2. The kernel opens them for
 * pid 1; this also works when it did not. Returns 0, or -1 if the console
 * cannot be opened (and then there is nowhere to report the error). */
static int open_console(void)
{
  struct stat st;
  if (fstat(0, &st) == 0 && fstat(1, &st) == 0 && fstat(2, &st) == 0)
    return 0;
  int fd = open("console", O_RDWR);
  if (fd < 0)
    return -1;
  while (fd < 2) {
    fd = dup(0);
    if (fd < 0)
      return -1;
  }
  return 0;
}

/* Starts a shell. Returns its pid, or -1 if fork failed. */
static int start_shell(void)
{
  int pid = fork();
  if (pid == 0) {
    exec("sh", sh_argv);
    exec("/sh", sh_argv);
    fprintf(2, "init: cannot exec sh\n");
    exit(1);
  }
  return pid;
}

/* Waits until the shell pid exits, reaping orphans on the way. Returns the
 * shell's exit status, or -1 if init has no children left (the shell is
 * gone without being reported: start another anyway). */
static int wait_shell(int pid)
{
  for (;;) {
    int status;
    int w = wait(&status);
    if (w == pid)
      return status;
    if (w < 0)
      return -1;
  }
}

int main(void)
{
  if (open_console() < 0)
    return 1;
  for (;;) {
    int started = uptime();
    int pid = start_shell();
    if (pid < 0) {
      fprintf(2, "init: fork failed\n");
      sleep(RESPAWN_TICKS);
      continue;
    }
    int status = wait_shell(pid);
    printf("init: sh exited with status %d, restarting\n", status);
    if (uptime() - started < RESPAWN_TICKS)
      sleep(RESPAWN_TICKS);
  }
}
