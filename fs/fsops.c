/* Create, link, unlink (fs/fsops.h), after xv6's sysfile.c. Link counts
 * follow xv6: a file's nlink counts the entries naming it; a directory's
 * counts its parent's entry plus its subdirectories' ".." (its own "."
 * is not counted, or it could never reach 0). */
#include "fs/fsops.h"
#include "fs/dir.h"
#include "fs/inode.h"
#include "fs/path.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "uapi/dirent.h"
#include "uapi/stat.h"

#define NLINK_MAX 32767   /* nlink is a short in struct stat */

void fs_init(size_t max_frames)
{
  fs_budget_set(max_frames);
  struct inode *root;
  if (inode_alloc(T_DIR, &root) != 0 || root->inum != ROOTINO)
    panic("fs_init: cannot make the root directory (fsmax %lu frames)",
          (unsigned long)max_frames);
  inode_lock(root);
  root->nlink = 1;   /* its own ".." */
  if (dir_add(root, ".", ROOTINO) != 0 || dir_add(root, "..", ROOTINO) != 0)
    panic("fs_init: cannot fill the root directory");
  inode_unlock(root);
  /* The reference is dropped; nlink keeps the root alive for good. */
  inode_put(root);
}

/* Fill a new directory ip (locked) inside dp: "." and "..". */
static int dir_fill(struct inode *ip, struct inode *dp)
{
  int err = dir_add(ip, ".", ip->inum);
  return err ? err : dir_add(ip, "..", dp->inum);
}

/* A new inode named `name` in dp (locked, alive). Returns it locked. */
static int create_in(struct inode *dp, const char *name, short type, short major,
                     short minor, struct inode **out)
{
  struct inode *ip;
  int err = inode_alloc(type, &ip);
  if (err)
    return err;
  inode_lock(ip);   /* dp before ip: the lock order */
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  err = type == T_DIR ? dir_fill(ip, dp) : 0;
  if (!err)
    err = dir_add(dp, name, ip->inum);
  if (err) {
    ip->nlink = 0;   /* no entry names it: the put frees it */
    inode_unlock_put(ip);
    return err;
  }
  if (type == T_DIR)
    dp->nlink++;     /* the new ".." */
  *out = ip;
  return 0;
}

/* The name exists: open's O_CREATE takes a file or device (ip, a
 * reference found under the parent's lock), anything else is EEXIST.
 * Returns it locked. */
static int take_existing(struct inode *ip, short type, struct inode **out)
{
  inode_lock(ip);
  if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE)) {
    *out = ip;
    return 0;
  }
  inode_unlock_put(ip);
  return -EEXIST;
}

int fs_create(struct inode *cwd, const char *path, short type, short major, short minor,
              struct inode **out)
{
  char name[DIRSIZ + 1];
  struct inode *dp, *ip = NULL;
  int err = path_parent(cwd, path, &dp, name);
  if (err)
    return err;
  inode_lock(dp);
  uint32_t inum = 0;
  if (dp->nlink == 0)
    err = -ENOENT;   /* a removed directory takes no new entries */
  else if ((inum = dir_lookup(dp, name, NULL)) != 0)
    ip = inode_get(inum);
  else
    err = create_in(dp, name, type, major, minor, out);
  /* xv6's order: the parent is let go before an existing child is locked. */
  inode_unlock_put(dp);
  return ip ? take_existing(ip, type, out) : err;
}

/* Add the entry `name` -> ip in the parent of new_path. */
static int link_name(struct inode *cwd, const char *new_path, struct inode *ip)
{
  char name[DIRSIZ + 1];
  struct inode *dp;
  int err = path_parent(cwd, new_path, &dp, name);
  if (err)
    return err;
  inode_lock(dp);
  if (dp->nlink == 0)
    err = -ENOENT;
  else if (dir_lookup(dp, name, NULL))
    err = -EEXIST;
  else
    err = dir_add(dp, name, ip->inum);
  inode_unlock_put(dp);
  return err;
}

/* nlink of ip by +1/-1; +1 fails for a directory or at NLINK_MAX. */
static int link_count(struct inode *ip, int delta)
{
  int err = 0;
  inode_lock(ip);
  if (delta > 0 && ip->type == T_DIR)
    err = -EPERM;
  else if (delta > 0 && ip->nlink >= NLINK_MAX)
    err = -EMLINK;
  else
    ip->nlink = (short)(ip->nlink + delta);
  inode_unlock(ip);
  return err;
}

/* xv6's order: count the new link first (so the inode cannot vanish
 * while it has no lock), then add the name; take the count back if that
 * fails. */
int fs_link(struct inode *cwd, const char *old_path, const char *new_path)
{
  struct inode *ip;
  int err = path_lookup(cwd, old_path, &ip);
  if (err)
    return err;
  err = link_count(ip, +1);
  if (!err) {
    err = link_name(cwd, new_path, ip);
    if (err)
      link_count(ip, -1);
  }
  inode_put(ip);
  return err;
}

/* Remove dp's entry at `off` naming ip (both locked): the counts, and a
 * removed directory's "." and ".." (so a walk through a process's removed
 * working directory finds nothing, not a parent that may be gone). */
static int unlink_locked(struct inode *dp, uint64_t off, struct inode *ip)
{
  ASSERT(ip->nlink > 0);
  if (ip->type == T_DIR && !dir_is_empty(ip))
    return -ENOTEMPTY;
  dir_clear(dp, off);
  if (ip->type == T_DIR) {
    dp->nlink--;   /* ip's ".." */
    uint64_t dot;
    while (dir_lookup(ip, ".", &dot) || dir_lookup(ip, "..", &dot))
      dir_clear(ip, dot);
  }
  ip->nlink--;
  return 0;
}

int fs_unlink(struct inode *cwd, const char *path)
{
  char name[DIRSIZ + 1];
  struct inode *dp;
  int err = path_parent(cwd, path, &dp, name);
  if (err)
    return err;
  if (dir_is_dot(name)) {
    inode_put(dp);
    return -EINVAL;
  }
  inode_lock(dp);
  uint64_t off;
  uint32_t inum = dir_lookup(dp, name, &off);
  struct inode *ip = inum ? inode_get(inum) : NULL;
  err = -ENOENT;
  if (ip) {
    inode_lock(ip);   /* the parent first: the lock order */
    err = unlink_locked(dp, off, ip);
    inode_unlock_put(ip);
  }
  inode_unlock_put(dp);
  return err;
}

int fs_find_dir(struct inode *cwd, const char *path, struct inode **out)
{
  struct inode *ip;
  int err = path_lookup(cwd, path, &ip);
  if (err)
    return err;
  inode_lock(ip);
  bool dir = ip->type == T_DIR;
  inode_unlock(ip);
  if (!dir) {
    inode_put(ip);
    return -ENOTDIR;
  }
  *out = ip;
  return 0;
}
