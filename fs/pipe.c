/* Pipes. A pipe lives in one kernel frame: the header below, then the
 * ring buffer filling the rest of the page.
 *
 * Locking: pipe->lock guards the counters and the open flags. It is a
 * condition lock: readers and writers proc_sleep() with it held, so it is
 * taken before any proc lock (proc/proc.h) and proc_wakeup() may be called
 * under it.
 *
 * User memory is never touched with the lock held: copyin/copyout may take
 * the vm lock and allocate frames (demand-zero, COW), and a spinlock that
 * proc_sleep() is called with must not be ordered before those. Bytes go
 * through a small bounce buffer on the kernel stack instead: a writer
 * copies a chunk in, then locks and moves it into the ring; a reader locks,
 * moves a chunk out, unlocks, then copies it out. */
#include "fs/pipe.h"
#include "fs/file.h"
#include "proc/sched.h"
#include "arch/riscv/addr.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/spinlock.h"
#include "lib/string.h"

#define PIPE_CHUNK 256   /* bounce buffer, bytes */

struct pipe {
  struct spinlock lock;
  /* lock: */
  uint64_t nread;      /* bytes ever read; readers sleep on &nread */
  uint64_t nwrite;     /* bytes ever written; writers sleep on &nwrite */
  bool read_open;      /* the read end's file is still open */
  bool write_open;
  uint8_t data[];      /* the ring: byte i lives at data[i % PIPE_CAPACITY] */
};

#define PIPE_CAPACITY (PAGE_SIZE - sizeof(struct pipe))

static size_t pipe_used(const struct pipe *p) { return p->nwrite - p->nread; }

int pipe_create(struct file **read_end, struct file **write_end)
{
  paddr_t pa = frame_alloc(FRAME_KERNEL);
  if (pa_is_null(pa))
    return -ENOMEM;
  struct file *r = file_alloc();
  struct file *w = r ? file_alloc() : NULL;
  if (!w) {
    if (r)
      file_close(r);   /* still FILE_NONE: frees the slot only */
    frame_put(pa);
    return -ENFILE;
  }
  struct pipe *p = pa_to_kva(pa);
  spin_init(&p->lock, "pipe");
  p->nread = p->nwrite = 0;
  p->read_open = p->write_open = true;

  r->type = w->type = FILE_PIPE;
  r->pipe = w->pipe = p;
  r->readable = true;
  w->writable = true;
  *read_end = r;
  *write_end = w;
  return 0;
}

/* Wakes the other side (a reader sees EOF, a writer sees EPIPE); the last
 * close frees the frame. */
void pipe_close(struct pipe *p, bool writable)
{
  spin_lock(&p->lock);
  if (writable) {
    p->write_open = false;
    proc_wakeup(&p->nread);
  } else {
    p->read_open = false;
    proc_wakeup(&p->nwrite);
  }
  bool last = !p->read_open && !p->write_open;
  spin_unlock(&p->lock);
  if (last)
    frame_put(kva_to_pa(p));
}

/* Moves buf[0..m) into the ring, sleeping while it is full. Called with
 * p->lock held. Returns the bytes moved: fewer than m only if the reader
 * went away or the caller was killed (*err says which). */
static size_t ring_put(struct pipe *p, const uint8_t *buf, size_t m, int *err)
{
  size_t moved = 0;
  while (moved < m) {
    if (!p->read_open) {
      *err = -EPIPE;
      break;
    }
    if (proc_self_killed()) {
      *err = -EINTR;
      break;
    }
    if (pipe_used(p) == PIPE_CAPACITY) {
      proc_wakeup(&p->nread);
      proc_sleep(&p->nwrite, &p->lock);
      continue;
    }
    while (moved < m && pipe_used(p) < PIPE_CAPACITY)
      p->data[p->nwrite++ % PIPE_CAPACITY] = buf[moved++];
  }
  proc_wakeup(&p->nread);
  return moved;
}

int64_t pipe_write(struct pipe *p, struct vm_space *vm, vaddr_t uva, size_t n)
{
  uint8_t buf[PIPE_CHUNK];
  size_t done = 0;
  int err = 0;
  while (done < n && err == 0) {
    size_t m = MIN(n - done, sizeof(buf));
    err = copyin(vm, buf, uva + done, m);
    if (err < 0)
      break;
    spin_lock(&p->lock);
    done += ring_put(p, buf, m, &err);
    spin_unlock(&p->lock);
  }
  return done > 0 ? (int64_t)done : err;
}

/* Waits until the pipe has data or no writer (p->lock held). Returns 0, or
 * -EINTR if the caller was killed. */
static int wait_for_data(struct pipe *p)
{
  while (pipe_used(p) == 0 && p->write_open) {
    if (proc_self_killed())
      return -EINTR;
    proc_sleep(&p->nread, &p->lock);
  }
  return 0;
}

int64_t pipe_read(struct pipe *p, struct vm_space *vm, vaddr_t uva, size_t n)
{
  uint8_t buf[PIPE_CHUNK];
  size_t done = 0;
  while (done < n) {
    size_t want = MIN(n - done, sizeof(buf));
    /* Without this, a bad buffer would lose bytes already taken out of
     * the ring: the copyout below must not fail. */
    int err = copyout_prepare(vm, uva + done, want);
    if (err < 0)
      return done > 0 ? (int64_t)done : err;
    spin_lock(&p->lock);
    if (done > 0 && pipe_used(p) == 0) {   /* return what we have */
      spin_unlock(&p->lock);
      break;
    }
    err = wait_for_data(p);
    size_t m = 0;
    while (err == 0 && m < want && pipe_used(p) > 0)
      buf[m++] = p->data[p->nread++ % PIPE_CAPACITY];
    if (m > 0)
      proc_wakeup(&p->nwrite);
    spin_unlock(&p->lock);
    if (err < 0)
      return done > 0 ? (int64_t)done : err;
    if (m == 0)
      break;   /* end of file */
    if (copyout(vm, uva + done, buf, m) < 0)
      return done > 0 ? (int64_t)done : -EFAULT;   /* prefaulted: not expected */
    done += m;
  }
  return (int64_t)done;
}
