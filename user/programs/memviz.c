/* memviz: the scenario tools/memviz draws (docs/cow.md), run as init
 * (init=memviz). A parent P with an 8-page heap forks two children, A and
 * B; A writes half the heap, B runs exec, A exits, and P writes its whole
 * heap. Before and after each step P prints every present page of each
 * live process, through vmpages, as lines the host script reads:
 *
 *   memviz policy cow=table
 *   memviz step N TITLE...
 *   memviz page NAME PID VA PA STATE REFS TABLE-REFS KIND
 *   memviz end
 *
 * Deterministic: P waits for each child to say it is ready (blocked, its
 * own writes done) before it looks, so what is printed does not depend on
 * timing. `memviz idle CMD ACK` is what B runs after exec: say ready on
 * ACK, then wait for CMD to close. */
#include "user/user.h"

#define PAGE 4096
#define SPAN (2 * 1024 * 1024)
#define HEAP_PAGES 8

struct member {
  const char *name;
  int pid;
  int cmd, ack; /* P's ends of the pipes to and from it */
};

static struct member procs[3] = { { .name = "P" }, { .name = "A" }, { .name = "B" } };
static int nprocs = 1;
static char *heap;

static void print_page(const struct vmpage *p, void *arg)
{
  const struct member *printing = arg;
  printf("memviz page %s %d %lx %lx %s %u %u %s\n", printing->name, printing->pid, p->va,
         VMPTE_PA(p->pte), vmpage_state_name(p->state), p->refs, p->table_refs,
         vmkind_name(p->kind));
}

/* One step's picture: every live process, every present page. */
static void show(int step, const char *title)
{
  printf("memviz step %d %s\n", step, title);
  for (int i = 0; i < 3; i++) {
    if (procs[i].pid > 0 && vm_each_page(procs[i].pid, print_page, &procs[i]) < 0)
      printf("memviz error vmpages %d\n", procs[i].pid);
  }
}

/* Tell m to do c, and wait for it to say it is done. */
static void tell(struct member *m, char c)
{
  write(m->cmd, &c, 1);
  if (read(m->ack, &c, 1) != 1)
    printf("memviz error %s did not answer\n", m->name);
}

/* Children: say ready, then obey the commands ('w' write half the heap,
 * 'e' exec idle) until the command pipe closes. */
static void child(int cmd, int ack)
{
  char c, a[12], b[12];
  write(ack, "r", 1);
  while (read(cmd, &c, 1) == 1) {
    if (c == 'w')
      for (int i = 0; i < HEAP_PAGES / 2; i++)
        heap[i * PAGE] = 'w';
    if (c == 'e') {
      snprintf(a, sizeof(a), "%d", cmd);
      snprintf(b, sizeof(b), "%d", ack);
      char *argv[] = { "memviz", "idle", a, b, 0 };
      exec("memviz", argv);
    }
    write(ack, "k", 1);
  }
  exit(0);
}

static void start(struct member *m)
{
  int down[2], up[2];
  if (pipe(down) < 0 || pipe(up) < 0 || (m->pid = fork()) < 0) {
    printf("memviz error fork\n");
    exit(1);
  }
  if (m->pid == 0) {
    for (int i = 1; i < nprocs; i++) /* not the siblings' pipes */
      close(procs[i].cmd), close(procs[i].ack);
    close(down[1]), close(up[0]);
    child(down[0], up[1]);
  }
  close(down[0]), close(up[1]);
  m->cmd = down[1];
  m->ack = up[0];
  nprocs++;
  char c;
  read(m->ack, &c, 1); /* ready */
}

static void finish(struct member *m)
{
  close(m->cmd);
  close(m->ack);
  wait(0);
  m->pid = 0;
}

int main(int argc, char *argv[])
{
  if (argc == 4 && strcmp(argv[1], "idle") == 0) {
    char c;
    write(atoi(argv[3]), "r", 1);
    while (read(atoi(argv[2]), &c, 1) == 1)
      ;
    return 0;
  }
  unsigned long brk = (unsigned long)sbrk(0);
  sbrklazy((SPAN - brk % SPAN) % SPAN);
  heap = sbrk(HEAP_PAGES * PAGE);
  for (int i = 0; i < HEAP_PAGES; i++)
    heap[i * PAGE] = 'p';
  procs[0].pid = getpid();
  printf("memviz policy %s\n", fork_policy_name());
  show(0, "P has written its 8-page heap");
  start(&procs[1]);
  start(&procs[2]);
  show(1, "P forked A and B");
  tell(&procs[1], 'w');
  show(2, "A wrote heap pages 0-3");
  tell(&procs[2], 'e');
  show(3, "B ran exec");
  finish(&procs[1]);
  show(4, "A exited");
  for (int i = 0; i < HEAP_PAGES; i++)
    heap[i * PAGE] = 'q';
  show(5, "P wrote its whole heap");
  finish(&procs[2]);
  printf("memviz end\n");
  return 0;
}
