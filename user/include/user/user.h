/* The cowkernel user-space interface: system calls (user/lib/usys.S) and the
 * small C library in user/lib. Prototypes follow xv6's user/user.h so xv6
 * programs compile unchanged; see docs/syscalls.md and docs/user-programs.md. */
#ifndef COWKERNEL_USER_USER_H
#define COWKERNEL_USER_USER_H

#include <stdarg.h>          /* GCC's freestanding header: va_list only */
#include "kernel/types.h"
#include "kernel/memstat.h"
#include "kernel/lockstat.h"
#include "kernel/syscall.h"  /* SBRK_EAGER, SBRK_LAZY */
#include "kernel/vminfo.h"

struct stat;

/* sbrk() and sbrklazy() return this when the heap cannot grow. */
#define SBRK_ERROR ((char *)-1)

/* System calls (1..21: the xv6 ABI). Each returns -1 on error. */
int fork(void);
int exit(int status) __attribute__((noreturn));
int wait(int *status);
int pipe(int *fds);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int close(int fd);
int kill(int pid);
int exec(const char *path, char **argv);
int open(const char *path, int flags);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int fstat(int fd, struct stat *st);
int link(const char *oldpath, const char *newpath);
int mkdir(const char *path);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sys_sbrk(int n, int type); /* raw syscall; use sbrk()/sbrklazy() */
char *sbrk(int n);               /* grow by n bytes, mapped now */
char *sbrklazy(int n);           /* grow by n bytes, mapped on first touch */
int pause(int ticks);
int sleep(int ticks);            /* the same call as pause() */
int uptime(void);

/* cowkernel extensions (22..25). */
int memstat(struct memstat *st);
int poweroff(int status);        /* does not return unless it fails */
int procdump(void);
int vmcheck(void);
/* cowkernel extension 26: the positive errno (user/errno.h) of this
 * process's most recent failed system call, 0 if none failed yet. A call
 * that succeeds leaves it unchanged. */
int lasterr(void);
/* cowkernel extensions 27, 28: a process's address space (pid 0: the
 * caller), region by region or page by page from address `from` on, at
 * most VMINFO_BATCH records per call. Return how many were written (0:
 * none left). kernel/vminfo.h has the records. */
int vmregions(int pid, uint64 from, struct vmregion *buf, int n);
int vmpages(int pid, uint64 from, struct vmpage *buf, int n);
/* cowkernel extension 29: lock statistics by class (kernel/lockstat.h):
 * fills up to n entries of buf, returns how many classes there are. */
int lockstat(struct lockstat_class *buf, int n);

/* ulib: strings and memory. */
int stat(const char *path, struct stat *st);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, int n);
void *memmove(void *dst, const void *src, int n);
char *strchr(const char *s, char c);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, uint n);
char *gets(char *buf, int max);
uint strlen(const char *s);
void *memset(void *dst, int c, uint n);
int atoi(const char *s);
int memcmp(const void *a, const void *b, uint n);
void *memcpy(void *dst, const void *src, uint n);

/* A short lower-case text for errno value err ("no such file or
 * directory"), or "error N" for an unknown one; for messages such as
 * "mkdir: cannot create d: file exists". */
const char *strerror(int err);

/* printf: %d %i %u %x %p %s %c %% with l/ll/z, width, '0' and '-' flags.
 * Each call writes its output with one write() when it fits 256 bytes.
 * All return the number of characters produced. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(int fd, const char *fmt, va_list ap);
int snprintf(char *buf, int size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, int size, const char *fmt, va_list ap);

/* vminfo.c: the address-space views, for pmap, vmprint and memviz. */
/* Calls fn(page, arg) for each present page of pid, in address order.
 * Returns 0, or -1 if vmpages failed (lasterr() says why). */
int vm_each_page(int pid, void (*fn)(const struct vmpage *page, void *arg), void *arg);
/* Reads pid's regions into out[0..max), joining the pieces the kernel
 * split (VMREGION_MORE). Returns how many, or -1 if vmregions failed. */
int vm_read_regions(int pid, struct vmregion *out, int max);
/* Add b's page, table and reference counts to a's (not its range). */
void vm_region_add_counts(struct vmregion *a, const struct vmregion *b);
/* "private", "cow", "cow-last", "shared-ro", "ro" (VMPAGE_*). */
const char *vmpage_state_name(unsigned int state);
/* "image", "heap", "stack" (VMKIND_*). */
const char *vmkind_name(unsigned int kind);
/* "cow=table", "cow=page" or "cow=off": the kernel's fork policy. */
const char *fork_policy_name(void);

/* umalloc: a first-fit free-list allocator over sbrk(). */
void *malloc(uint n);
void free(void *p);

/* The time CSR: 10 MHz ticks since boot (the kernel lets user mode read it). */
static inline unsigned long rdtime(void)
{
  unsigned long t;
  __asm__ volatile("rdtime %0" : "=r"(t));
  return t;
}

#endif
