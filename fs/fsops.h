/* The file system's operations behind the system calls: create (open with
 * O_CREATE, mkdir, mknod), link, unlink, and finding a working directory.
 * Paths resolve from `cwd` (NULL: the root) as in fs/path.h. Each
 * operation locks a directory before any inode it names (the lock order,
 * docs/architecture.md) and holds no spinlock while it works. */
#ifndef FS_FSOPS_H
#define FS_FSOPS_H

#include "lib/types.h"

struct inode;

/* Boot: the budget (fs/inode.h) and the root directory, ROOTINO, whose
 * "." and ".." both name itself.
 * => panics if the root cannot be made: there is no kernel without it. */
void fs_init(size_t max_frames);

/* Make `path` an inode of `type` (T_FILE, T_DIR with "." and "..",
 * T_DEVICE with major/minor). For T_FILE an existing file or device is
 * returned instead (open's O_CREATE).
 * => 0 with *out set: a new reference, LOCKED;
 * => -ENOENT (no parent, or the parent was removed), -ENOTDIR, -EEXIST,
 *    -ENOSPC, -ENOMEM, -EFBIG (the directory is full). */
int fs_create(struct inode *cwd, const char *path, short type, short major, short minor,
              struct inode **out);
/* A second name `new_path` for the file at `old_path`.
 * => 0, -ENOENT, -ENOTDIR, -EPERM (old_path is a directory), -EMLINK,
 *    -EEXIST, -ENOSPC, -ENOMEM. */
int fs_link(struct inode *cwd, const char *old_path, const char *new_path);
/* Remove the name `path`; the inode goes when its last reference does.
 * => 0, -ENOENT, -ENOTDIR, -EINVAL (the name is "." or ".."),
 *    -ENOTEMPTY (a directory with entries). */
int fs_unlink(struct inode *cwd, const char *path);
/* The directory `path` names, with a new reference (for chdir).
 * => 0, -ENOENT, -ENOTDIR. */
int fs_find_dir(struct inode *cwd, const char *path, struct inode **out);

#endif
