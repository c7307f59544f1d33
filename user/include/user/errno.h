/* Error numbers that lasterr() returns: the kernel's list,
 * include/uapi/errno.h (Linux's values). */
#ifndef COWKERNEL_USER_ERRNO_H
#define COWKERNEL_USER_ERRNO_H

#include "uapi/errno.h"

#endif
