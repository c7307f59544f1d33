/* vmprint [PID]: the user half of a process's Sv39 page-table tree (the
 * caller's without PID), in the format of the xv6 page-table lab:
 *
 *   page table 0x0000000087f6b000
 *    ..0: pte 0x0000000021fd9c01 pa 0x0000000087f67000
 *    .. ..0: pte 0x0000000021fd9801 pa 0x0000000087f66000
 *    .. .. ..1: pte 0x0000000021fda01b pa 0x0000000087f68000
 *
 * one ".." per level, the entry's index in its table, the raw PTE and the
 * physical address it points at. After each line, cowkernel adds the
 * flags (V R W X U G A D as letters, '-' when clear) and what the entry
 * means for copy-on-write: on a level-1 entry, how many address spaces
 * share the leaf table ("table-refs 2") and the no-write mark; on a leaf,
 * "sw-write" (the program may write it), its frame's count and its state
 * (pmap's names). Only present pages are listed; the kernel half (root
 * entries 256..511, shared by every process) is left out. */
#include "user/user.h"

struct tree {
  long l2, l1; /* the last upper entries printed (-1: none yet) */
};

static void flags(unsigned long pte, char out[9])
{
  const char *letters = "vrwxugad";
  for (int i = 0; i < 8; i++)
    out[i] = pte & (1UL << i) ? letters[i] : '-';
  out[8] = 0;
}

static void entry(int level, long index, unsigned long pte)
{
  char f[9];
  flags(pte, f);
  printf("%s%ld: pte 0x%016lx pa 0x%016lx %s", level == 2 ? " .." : level == 1 ? " .. .." : " .. .. ..",
         index, pte, VMPTE_PA(pte), f);
}

static void print_page(const struct vmpage *p, void *arg)
{
  struct tree *t = arg;
  long i2 = (p->va >> 30) & 511, i1 = (p->va >> 21) & 511, i0 = (p->va >> 12) & 511;
  if (t->l2 < 0)
    printf("page table 0x%016lx\n", p->root);
  if (i2 != t->l2) {
    entry(2, i2, p->l2);
    printf("\n");
    t->l1 = -1;
  }
  if (i1 != t->l1 || i2 != t->l2) {
    entry(1, i1, p->l1);
    printf(" table-refs %u%s\n", p->table_refs,
           p->l1 & VMPTE_TABLE_NO_WRITE ? " no-write" : "");
  }
  t->l2 = i2;
  t->l1 = i1;
  entry(0, i0, p->pte);
  printf("%s refs %u %s\n", p->pte & VMPTE_SW_WRITE ? " sw-write" : "", p->refs,
         vmpage_state_name(p->state));
}

int main(int argc, char *argv[])
{
  int pid = argc > 1 ? atoi(argv[1]) : getpid();
  if (argc > 2 || pid <= 0) {
    fprintf(2, "usage: vmprint [PID]\n");
    return 2;
  }
  struct tree t = { -1, -1 };
  if (vm_each_page(pid, print_page, &t) < 0) {
    fprintf(2, "vmprint: %d: %s\n", pid, strerror(lasterr()));
    return 1;
  }
  return 0;
}
