/* xv6's kernel/fcntl.h: open() flags (include/uapi/fcntl.h). */
#ifndef COWKERNEL_USER_FCNTL_H
#define COWKERNEL_USER_FCNTL_H

#include "uapi/fcntl.h"

#endif
