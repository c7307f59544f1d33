/* strerror: a short text for each error number lasterr() can return
 * (include/uapi/errno.h, through user/errno.h). */
#include "user/errno.h"
#include "user/user.h"

struct errtext {
  int err;
  const char *text;
};

/* Lower case, no final period: callers print "prog: cannot X y: TEXT". */
static const struct errtext errtexts[] = {
  { EPERM, "operation not permitted" },
  { ENOENT, "no such file or directory" },
  { ESRCH, "no such process" },
  { EINTR, "interrupted" },
  { EIO, "input/output error" },
  { ENXIO, "no such device" },
  { E2BIG, "argument list too long" },
  { ENOEXEC, "not an executable" },
  { ECHILD, "no child processes" },
  { EAGAIN, "try again" },
  { EBADF, "bad file descriptor" },
  { ENOMEM, "out of memory" },
  { EFAULT, "bad address" },
  { EEXIST, "file exists" },
  { ENOTDIR, "not a directory" },
  { EISDIR, "is a directory" },
  { EINVAL, "invalid argument" },
  { ENFILE, "too many open files in system" },
  { EMFILE, "too many open files" },
  { EFBIG, "file too large" },
  { ENOSPC, "no space left" },
  { EMLINK, "too many links" },
  { EPIPE, "broken pipe" },
  { ENAMETOOLONG, "name too long" },
  { ENOSYS, "no such system call" },
  { ENOTEMPTY, "directory not empty" },
};

/* Returns the text for err, or "error N" for a number not in the table
 * (in a static buffer, overwritten by the next such call). Never NULL. */
const char *strerror(int err)
{
  static char unknown[24];
  for (uint i = 0; i < sizeof errtexts / sizeof errtexts[0]; i++)
    if (errtexts[i].err == err)
      return errtexts[i].text;
  snprintf(unknown, sizeof unknown, "error %d", err);
  return unknown;
}
