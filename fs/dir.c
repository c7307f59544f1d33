/* Directory entries (fs/dir.h), read and written through the inode's
 * bytes one record at a time with kernel copies. */
#include "fs/dir.h"
#include "fs/inode.h"
#include "fs/inode_io.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "uapi/dirent.h"

#define DIRENT_SIZE sizeof(struct dirent)

/* Record at byte `off` (inside the directory). */
static void read_entry(struct inode *dp, uint64_t off, struct dirent *de)
{
  int64_t got = inode_read(dp, fs_io_kernel(de), off, DIRENT_SIZE);
  ASSERT(got == (int64_t)DIRENT_SIZE);
}

uint32_t dir_lookup(struct inode *dp, const char *name, uint64_t *off)
{
  struct dirent de;
  for (uint64_t at = 0; at + DIRENT_SIZE <= dp->size; at += DIRENT_SIZE) {
    read_entry(dp, at, &de);
    if (de.inum != 0 && strncmp(de.name, name, DIRSIZ) == 0) {
      if (off)
        *off = at;
      return de.inum;
    }
  }
  return 0;
}

/* Offset of the first free slot, or the end (where the directory grows). */
static uint64_t free_slot(struct inode *dp)
{
  struct dirent de;
  uint64_t at;
  for (at = 0; at + DIRENT_SIZE <= dp->size; at += DIRENT_SIZE) {
    read_entry(dp, at, &de);
    if (de.inum == 0)
      break;
  }
  return at;
}

int dir_add(struct inode *dp, const char *name, uint32_t inum)
{
  struct dirent de;
  memset(&de, 0, sizeof(de));
  de.inum = (unsigned short)inum;
  memcpy(de.name, name, strnlen(name, DIRSIZ));   /* no NUL at DIRSIZ */
  int64_t put = inode_write(dp, fs_io_kernel(&de), free_slot(dp), DIRENT_SIZE);
  if (put < 0)
    return (int)put;
  /* A short record would be a torn entry: a page holds whole records, so
   * a write that got anything got all of it. */
  ASSERT(put == (int64_t)DIRENT_SIZE);
  return 0;
}

void dir_clear(struct inode *dp, uint64_t off)
{
  struct dirent de;
  memset(&de, 0, sizeof(de));
  int64_t put = inode_write(dp, fs_io_kernel(&de), off, DIRENT_SIZE);
  ASSERT(put == (int64_t)DIRENT_SIZE);
}

bool dir_is_dot(const char *name)
{
  return strncmp(name, ".", DIRSIZ) == 0 || strncmp(name, "..", DIRSIZ) == 0;
}

bool dir_is_empty(struct inode *dp)
{
  struct dirent de;
  for (uint64_t at = 0; at + DIRENT_SIZE <= dp->size; at += DIRENT_SIZE) {
    read_entry(dp, at, &de);
    if (de.inum != 0 && !dir_is_dot(de.name))
      return false;
  }
  return true;
}
