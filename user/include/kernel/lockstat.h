/* struct lockstat_class, what lockstat() reports (include/uapi/lockstat.h). */
#ifndef COWKERNEL_USER_LOCKSTAT_H
#define COWKERNEL_USER_LOCKSTAT_H

#include "uapi/lockstat.h"

#endif
