/* cowdemo [PAGES]: a parent with a heap of PAGES pages (default 8) that
 * forks one child and then waits for commands, for the tour (docs/tour.md).
 * Run it in the background (`cowdemo &`), look at both processes with
 * pmap, vmprint and memstat, and steer it by writing a word to the file
 * `cowcmd` (`echo child > cowcmd`):
 *   child   the child writes the first half of the heap (COW copies)
 *   exit    the child exits (the parent becomes the last sharer)
 *   parent  the parent writes the whole heap (copies or reuses)
 *   quit    both exit
 * The heap starts at a 2 MiB boundary, so under cow=table it has a leaf
 * table of its own, shared until one side writes in it. The parent reads
 * the command file every 5 ticks; the child waits on a pipe. */
#include "kernel/fcntl.h"
#include "user/user.h"

#define PAGE 4096
#define SPAN (2 * 1024 * 1024)
#define CMD_FILE "cowcmd"

static char *heap;
static int pages = 8;

/* Write a byte in each page of [first, last). */
static void write_pages(int first, int last, char value)
{
  for (int i = first; i < last; i++)
    heap[i * PAGE] = value;
}

/* A heap of `pages` written pages at the next 2 MiB boundary. */
static char *make_heap(void)
{
  unsigned long brk = (unsigned long)sbrk(0);
  unsigned long gap = (SPAN - brk % SPAN) % SPAN;
  if (sbrklazy(gap) == SBRK_ERROR || sbrk(pages * PAGE) == SBRK_ERROR)
    return 0;
  return (char *)(brk + gap);
}

/* The child: act on each command byte from the parent, ack each. */
static void child(int cmd, int ack)
{
  char c;
  while (read(cmd, &c, 1) == 1 && c == 'w') {
    write_pages(0, pages / 2, 'c');
    write(ack, "k", 1);
  }
  exit(0);
}

/* The next command word from CMD_FILE (removed once read), or 0. */
static int next_command(char *word, int size)
{
  int fd = open(CMD_FILE, O_RDONLY);
  if (fd < 0)
    return 0;
  int n = read(fd, word, size - 1);
  close(fd);
  unlink(CMD_FILE);
  word[n > 0 ? n : 0] = 0;
  for (char *p = word; *p; p++)
    if (*p == '\n' || *p == ' ')
      *p = 0;
  return 1;
}

/* Runs one command; returns 0 when the demo should end. */
static int run_command(const char *word, int pid, int cmd, int ack, int *child_alive)
{
  char c;
  if (strcmp(word, "child") == 0 && *child_alive) {
    write(cmd, "w", 1);
    read(ack, &c, 1);
    printf("cowdemo: child %d wrote heap pages 0-%d\n", pid, pages / 2 - 1);
  } else if ((strcmp(word, "exit") == 0 || strcmp(word, "quit") == 0) && *child_alive) {
    close(cmd);
    wait(0);
    *child_alive = 0;
    printf("cowdemo: child %d exited\n", pid);
  } else if (strcmp(word, "parent") == 0) {
    write_pages(0, pages, 'p');
    printf("cowdemo: parent %d wrote heap pages 0-%d\n", getpid(), pages - 1);
  } else if (strcmp(word, "quit") != 0) {
    printf("cowdemo: '%s'? say child, exit, parent or quit\n", word);
  }
  return strcmp(word, "quit") != 0;
}

int main(int argc, char *argv[])
{
  if (argc > 1)
    pages = atoi(argv[1]);
  if (argc > 2 || pages < 2 || pages > 512 || !(heap = make_heap())) {
    fprintf(2, "usage: cowdemo [PAGES]  (2..512)\n");
    return 2;
  }
  write_pages(0, pages, 'a');
  unlink(CMD_FILE);
  int down[2], up[2];
  if (pipe(down) < 0 || pipe(up) < 0)
    return 1;
  int pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    close(down[1]);
    close(up[0]);
    child(down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  printf("cowdemo: parent %d, child %d, heap %p: %d pages\n", getpid(), pid, heap, pages);
  char word[16];
  int alive = 1;
  for (;;) {
    if (next_command(word, sizeof(word)) && !run_command(word, pid, down[1], up[0], &alive))
      return 0;
    sleep(5);
  }
}
