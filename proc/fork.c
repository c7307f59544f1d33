/* fork: a new process sharing (COW: cow=table|page) or copying (cow=off) the parent's
 * pages, with the parent's registers and open files. On any failure the
 * child is torn down completely and fork returns an error. */
#include "proc/fork.h"
#include "proc/proc.h"
#include "fs/fdtable.h"
#include "fs/inode.h"
#include "lib/cmdline.h"
#include "lib/errno.h"
#include "lib/string.h"

static enum fork_policy policy = FORK_SHARE_TABLES;

void fork_init(void)
{
  const char *cow = cmdline_value("cow");
  if (cow && strcmp(cow, "page") == 0)
    policy = FORK_SHARE_PAGES;
  else if (cow && strcmp(cow, "off") == 0)
    policy = FORK_EAGER_COPY;
}

const char *fork_policy_name(enum fork_policy p)
{
  switch (p) {
  case FORK_SHARE_TABLES: return "copy-on-write, leaf tables shared (cow=table)";
  case FORK_SHARE_PAGES: return "copy-on-write, pages shared (cow=page)";
  case FORK_EAGER_COPY: return "eager copy (cow=off)";
  }
  return "?";
}

enum fork_policy fork_policy(void)
{
  return policy;
}

int proc_fork(void)
{
  struct proc *parent = proc_current();
  struct proc *child = proc_alloc();
  if (!child)
    return -EAGAIN;
  int err = vm_fork(parent->vm, child->vm, policy);
  if (err) {
    spin_lock(&child->lock);
    proc_free_embryo(child);
    return err;
  }
  *child->tf = *parent->tf;
  child->tf->a0 = 0; /* fork returns 0 in the child */
  fd_dup_all(parent->files, child->files);
  child->cwd = inode_dup(parent->cwd);
  strlcpy(child->name, parent->name, sizeof(child->name));
  int pid = child->pid;
  proc_set_parent(child, parent);
  proc_make_runnable(child);
  return pid;
}
