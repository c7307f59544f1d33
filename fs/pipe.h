/* Pipes: a one-page ring buffer between a reader end and a writer end. */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "lib/types.h"

struct file;
struct pipe;
struct vm_space;

/* Create a pipe and its two files. Returns 0, -ENOMEM or -ENFILE. */
int pipe_create(struct file **read_end, struct file **write_end);
/* The end `writable` of the pipe is closed. */
void pipe_close(struct pipe *pipe, bool writable);
/* Blocks while empty (and a writer exists). Returns bytes read, 0 at end
 * of file, -EINTR if the caller was killed, -EFAULT. */
int64_t pipe_read(struct pipe *pipe, struct vm_space *vm, vaddr_t uva, size_t n);
/* Blocks while full. Returns bytes written (all n unless killed or the
 * reader went away), -EPIPE if no reader, -EFAULT. */
int64_t pipe_write(struct pipe *pipe, struct vm_space *vm, vaddr_t uva, size_t n);

#endif
