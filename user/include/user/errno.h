/* Error numbers that lasterr() returns (Linux/POSIX numbering).
 *
 * The kernel's list is include/uapi/errno.h; when it is there it wins, and
 * the fallbacks below only keep user space building against a kernel tree
 * that predates it. They must stay equal to the uapi values: runtests'
 * strerror_texts test checks the ones it uses. */
#ifndef COWKERNEL_USER_ERRNO_H
#define COWKERNEL_USER_ERRNO_H

#if __has_include("uapi/errno.h")
#include "uapi/errno.h"
#endif

#ifndef ENOENT
#define ENOENT        2  /* no such file or directory */
#endif
#ifndef EBADF
#define EBADF         9  /* bad file descriptor */
#endif
#ifndef ENOMEM
#define ENOMEM       12  /* out of memory */
#endif
#ifndef EACCES
#define EACCES       13  /* permission denied */
#endif
#ifndef EFAULT
#define EFAULT       14  /* bad address */
#endif
#ifndef EEXIST
#define EEXIST       17  /* file exists */
#endif
#ifndef EXDEV
#define EXDEV        18  /* cross-device link */
#endif
#ifndef ENOTDIR
#define ENOTDIR      20  /* not a directory */
#endif
#ifndef EISDIR
#define EISDIR       21  /* is a directory */
#endif
#ifndef EINVAL
#define EINVAL       22  /* invalid argument */
#endif
#ifndef ENFILE
#define ENFILE       23  /* file table full */
#endif
#ifndef EMFILE
#define EMFILE       24  /* too many open files */
#endif
#ifndef ENOSPC
#define ENOSPC       28  /* no space left on the file system */
#endif
#ifndef EROFS
#define EROFS        30  /* read-only file system */
#endif
#ifndef EMLINK
#define EMLINK       31  /* too many links */
#endif
#ifndef EPIPE
#define EPIPE        32  /* broken pipe */
#endif
#ifndef ENAMETOOLONG
#define ENAMETOOLONG 36  /* name too long */
#endif
#ifndef ENOTEMPTY
#define ENOTEMPTY    39  /* directory not empty */
#endif
#ifndef EPERM
#define EPERM         1  /* operation not permitted */
#endif
#ifndef ESRCH
#define ESRCH         3  /* no such process */
#endif
#ifndef EINTR
#define EINTR         4  /* interrupted */
#endif
#ifndef EIO
#define EIO           5  /* input/output error */
#endif
#ifndef ENXIO
#define ENXIO         6  /* no such device */
#endif
#ifndef E2BIG
#define E2BIG         7  /* argument list too long */
#endif
#ifndef ENOEXEC
#define ENOEXEC       8  /* not an executable */
#endif
#ifndef ECHILD
#define ECHILD       10  /* no child processes */
#endif
#ifndef EAGAIN
#define EAGAIN       11  /* try again */
#endif
#ifndef EFBIG
#define EFBIG        27  /* file too large */
#endif
#ifndef ENOSYS
#define ENOSYS       38  /* no such system call */
#endif

#endif
