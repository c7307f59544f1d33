/* fork, and the policy it follows for user pages (cow=table|page|off). */
#ifndef PROC_FORK_H
#define PROC_FORK_H

#include "mm/vm.h"

/* Chosen at boot from the command line: cow=table (or on, or no word)
 * shares leaf tables, cow=page shares pages, cow=off copies eagerly. */
void fork_init(void);
enum fork_policy fork_policy(void);
/* How the boot banner names a policy. */
const char *fork_policy_name(enum fork_policy policy);

#endif
