/* Error numbers: the kernel's functions return them negated, and
 * lasterr() (SYS_lasterr) hands the last failed call's number to user
 * space, which names them with these constants. Values are Linux's, so
 * they read the same in any table. */
#ifndef UAPI_ERRNO_H
#define UAPI_ERRNO_H

#define EPERM         1  /* operation not permitted */
#define ENOENT        2  /* no such file or directory */
#define ESRCH         3  /* no such process */
#define EINTR         4  /* interrupted (the caller was killed) */
#define EIO           5  /* input/output error */
#define ENXIO         6  /* no driver for this device (major) */
#define E2BIG         7  /* argument list too long */
#define ENOEXEC       8  /* not an executable this kernel runs */
#define EBADF         9  /* bad file descriptor, or wrong direction */
#define ECHILD       10  /* no children */
#define EAGAIN       11  /* try again (process table full) */
#define ENOMEM       12  /* out of memory */
#define EFAULT       14  /* bad user address */
#define EEXIST       17  /* the name exists */
#define ENOTDIR      20  /* a path component is not a directory */
#define EISDIR       21  /* a directory where a file was needed */
#define EINVAL       22  /* invalid argument */
#define ENFILE       23  /* system-wide open-file table full */
#define EMFILE       24  /* per-process descriptor table full */
#define EFBIG        27  /* file larger than the largest file */
#define ENOSPC       28  /* file system full (fsmax) */
#define EMLINK       31  /* too many links */
#define EPIPE        32  /* write to a pipe nobody reads */
#define ENAMETOOLONG 36  /* path longer than MAXPATH */
#define ENOSYS       38  /* no such system call */
#define ENOTEMPTY    39  /* directory not empty */

#define EMAXERRNO    39  /* the largest number above */

#endif
