/* fork, and the policy it follows for user pages (cow=on|off). */
#ifndef PROC_FORK_H
#define PROC_FORK_H

#include "mm/vm.h"

/* Chosen at boot from the command line: cow=off selects eager copying. */
void fork_init(void);
enum fork_policy fork_policy(void);

#endif
