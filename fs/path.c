/* Path walks (fs/path.h), after xv6's namex. */
#include "fs/path.h"
#include "fs/dir.h"
#include "fs/inode.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "uapi/stat.h"

/* The next component of path into name (cut to DIRSIZ); returns what
 * follows it with leading slashes skipped, or NULL if there is none.
 *   skip_elem("a/bb/c", name) = "bb/c", name = "a"
 *   skip_elem("///a//bb", name) = "bb", name = "a"
 *   skip_elem("a", name) = "", name = "a"
 *   skip_elem("", name) = skip_elem("////", name) = NULL */
static const char *skip_elem(const char *path, char name[DIRSIZ + 1])
{
  while (*path == '/')
    path++;
  if (*path == 0)
    return NULL;
  const char *start = path;
  while (*path != '/' && *path != 0)
    path++;
  size_t len = MIN((size_t)(path - start), (size_t)DIRSIZ);
  memcpy(name, start, len);
  name[len] = 0;
  while (*path == '/')
    path++;
  return path;
}

/* Where a walk of `path` begins, with a reference. */
static struct inode *walk_start(struct inode *cwd, const char *path)
{
  if (path[0] == '/' || !cwd) {
    struct inode *root = inode_get(ROOTINO);
    ASSERT(root != NULL);
    return root;
  }
  return inode_dup(cwd);
}

/* The walk itself: stops before the last component if `parent`. */
static int walk(struct inode *cwd, const char *path, bool parent, struct inode **out,
                char name[DIRSIZ + 1])
{
  struct inode *ip = walk_start(cwd, path);
  while ((path = skip_elem(path, name)) != NULL) {
    inode_lock(ip);
    if (ip->type != T_DIR) {
      inode_unlock_put(ip);
      return -ENOTDIR;
    }
    if (parent && *path == 0) {
      inode_unlock(ip);
      *out = ip;
      return 0;
    }
    uint32_t inum = dir_lookup(ip, name, NULL);
    struct inode *next = inum ? inode_get(inum) : NULL;
    inode_unlock_put(ip);
    if (!next)
      return -ENOENT;
    ip = next;
  }
  if (parent) {
    inode_put(ip);
    return -ENOENT;
  }
  *out = ip;
  return 0;
}

int path_lookup(struct inode *cwd, const char *path, struct inode **out)
{
  char name[DIRSIZ + 1];
  return walk(cwd, path, false, out, name);
}

int path_parent(struct inode *cwd, const char *path, struct inode **out,
                char name[DIRSIZ + 1])
{
  return walk(cwd, path, true, out, name);
}
