/* A process's descriptor table: NOFILE slots, each NULL or a reference to
 * a struct file. The array lives in struct proc; these functions take it
 * explicitly, so nothing here knows about processes. A table is touched
 * only by its process (or by its creator before the child runs), so it
 * needs no lock; the files it points to are shared and counted (fs/file.c). */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include "lib/types.h"
#include "uapi/limits.h"

struct file;

/* Install f in the lowest free slot; returns the fd or -EMFILE. */
int fd_install(struct file *files[NOFILE], struct file *f);
/* The file at fd, or NULL if fd is out of range or closed. */
struct file *fd_lookup(struct file *const files[NOFILE], int fd);
/* Empty slot fd and return what it held (NULL if nothing): the caller now
 * owns that reference. */
struct file *fd_remove(struct file *files[NOFILE], int fd);
/* Close every descriptor (exit) / duplicate all into `to` (fork). */
void fd_close_all(struct file *files[NOFILE]);
void fd_dup_all(struct file *const from[NOFILE], struct file *to[NOFILE]);

#endif
