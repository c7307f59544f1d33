/* xv6's kernel/stat.h: struct stat and the T_* types (include/uapi/stat.h).
 * xv6 declares the fields as uint and uint64; the layout is the same. */
#ifndef COWKERNEL_USER_STAT_H
#define COWKERNEL_USER_STAT_H

#include "kernel/types.h"
#include "uapi/stat.h"

#endif
