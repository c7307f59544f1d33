/* Descriptor tables (fs/fdtable.h). */
#include "fs/fdtable.h"
#include "fs/file.h"
#include "lib/errno.h"

int fd_install(struct file *files[NOFILE], struct file *f)
{
  for (int fd = 0; fd < NOFILE; fd++) {
    if (!files[fd]) {
      files[fd] = f;
      return fd;
    }
  }
  return -EMFILE;
}

struct file *fd_lookup(struct file *const files[NOFILE], int fd)
{
  if (fd < 0 || fd >= NOFILE)
    return NULL;
  return files[fd];
}

struct file *fd_remove(struct file *files[NOFILE], int fd)
{
  struct file *f = fd_lookup(files, fd);
  if (f)
    files[fd] = NULL;
  return f;
}

void fd_close_all(struct file *files[NOFILE])
{
  for (int fd = 0; fd < NOFILE; fd++) {
    struct file *f = fd_remove(files, fd);
    if (f)
      file_close(f);
  }
}

void fd_dup_all(struct file *const from[NOFILE], struct file *to[NOFILE])
{
  for (int fd = 0; fd < NOFILE; fd++)
    to[fd] = from[fd] ? file_dup(from[fd]) : NULL;
}
