/* Kernel error codes: functions return 0 (or a value) on success and a
 * negative errno on failure. The system-call boundary turns every negative
 * value into -1, as the xv6 ABI expects. */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define E2BIG    7
#define ENOEXEC  8
#define EBADF    9
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define EEXIST  17
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define ENFILE  23
#define EMFILE  24
#define EROFS   30
#define EPIPE   32
#define ENAMETOOLONG 36
#define ENOSYS  38

#endif
