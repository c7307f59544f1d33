/* Loading ELF64 RISC-V programs from the file system. */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H

#include "lib/types.h"

struct proc;

#define EXEC_ARG_BYTES 4096 /* all argument strings together, NULs included */

/* Replace p's program with the one at `path` (from p's working directory,
 * the root if it has none yet), with arguments `argv`
 * (kernel strings, NULL-terminated, at most MAXARG). p is the current
 * process or an EMBRYO. On success p has a new address space and its trap
 * frame starts the program (a0 = argc, a1 = argv); on failure p is
 * unchanged. Returns 0, -ENOENT, -ENOTDIR, -ENOEXEC (not a regular file,
 * or a bad ELF), -E2BIG, -ENOMEM. */
int exec_into(struct proc *p, const char *path, const char *const argv[]);

#endif
