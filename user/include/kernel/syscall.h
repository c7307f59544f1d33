/* xv6's kernel/syscall.h: the system call numbers (include/uapi/syscall.h). */
#ifndef COWKERNEL_USER_SYSCALL_H
#define COWKERNEL_USER_SYSCALL_H

#include "uapi/syscall.h"

#endif
