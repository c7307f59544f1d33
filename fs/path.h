/* Path names: xv6's walk. A path starting with '/' starts at the root,
 * any other at `cwd` (NULL means the root: the boot thread and ktests
 * have no working directory). Components are separated by one or more
 * '/'; each is cut to DIRSIZ characters. Every directory passed through
 * is locked alone, one at a time, so a walk holds at most one inode lock. */
#ifndef FS_PATH_H
#define FS_PATH_H

#include "lib/types.h"
#include "uapi/dirent.h"

struct inode;

/* The inode `path` names, with a new reference, unlocked. "" names cwd.
 * => 0 with *out set, -ENOENT (a component is missing), -ENOTDIR (a
 *    component before the last is not a directory). */
int path_lookup(struct inode *cwd, const char *path, struct inode **out);
/* The directory holding the last component of `path`, with a new
 * reference, unlocked; the component (cut to DIRSIZ, NUL-terminated) goes
 * to name. => 0, -ENOENT (also for a path with no component: "/", ""),
 * -ENOTDIR. */
int path_parent(struct inode *cwd, const char *path, struct inode **out,
                char name[DIRSIZ + 1]);

#endif
