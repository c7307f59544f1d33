/* Kernel error codes: functions return 0 (or a value) on success and a
 * negative errno on failure. The system-call boundary turns every negative
 * value into -1, as the xv6 ABI expects, and remembers the number for
 * lasterr(). The values are defined once, in the ABI (uapi/errno.h). */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#include "uapi/errno.h"

#endif
