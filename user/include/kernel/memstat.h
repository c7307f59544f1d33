/* struct memstat, what memstat() reports (include/uapi/memstat.h). */
#ifndef COWKERNEL_USER_MEMSTAT_H
#define COWKERNEL_USER_MEMSTAT_H

#include "uapi/memstat.h"

#endif
