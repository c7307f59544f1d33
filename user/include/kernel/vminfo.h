/* struct vmregion and struct vmpage, what vmregions() and vmpages() report
 * (include/uapi/vminfo.h). */
#ifndef COWKERNEL_USER_VMINFO_H
#define COWKERNEL_USER_VMINFO_H

#include "uapi/vminfo.h"

#endif
