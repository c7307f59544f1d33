/* Inodes of the in-memory file system: the table of inode numbers, each
 * inode's life (references, links, freeing), its lock, and the file
 * system's frame budget (fsmax). Reading and writing an inode's bytes is
 * fs/inode_io.c, directories fs/dir.c, path names fs/path.c, the
 * operations behind the system calls fs/fsops.c; docs/fs.md tells the
 * whole story.
 *
 * An inode is one FRAME_FILE frame: this header, then the index of the
 * file's pages (INODE_PAGES of them, so a file holds at most FS_MAX_FILE
 * bytes). Every file page is one more FRAME_FILE frame, held once by its
 * inode, and once more by each leaf table that maps it (exec maps program
 * pages: docs/fs.md, "Pages shared with processes"). An inode with no reference (refs 0) lives on as long as a
 * directory names it (nlink > 0); it is freed, with its pages, when both
 * are gone.
 *
 * Locks: itable_lock (inode.c, a leaf spinlock) guards the table and every
 * inode's `refs`; each inode's sleep lock guards the fields tagged "lock",
 * and is held across user copies. Order: a directory's lock before the
 * lock of an inode it names (docs/architecture.md). */
#ifndef FS_INODE_H
#define FS_INODE_H

#include "lib/types.h"
#include "proc/sleeplock.h"

struct vm_space;

#define FS_MAX_INODES 4096   /* inode numbers 1..FS_MAX_INODES-1 (dirent: ushort) */
#define INODE_HEADER_BYTES 64
#define INODE_PAGES ((PAGE_SIZE - INODE_HEADER_BYTES) / sizeof(paddr_t))   /* 504 */
#define FS_MAX_FILE (INODE_PAGES * PAGE_SIZE)    /* 2,064,384 bytes = 2016 KiB */

struct inode {
  struct sleeplock lock;
  uint32_t inum;             /* fixed while the inode lives */
  int refs;                  /* itable_lock: files, working directories, walks */
  /* lock: */
  short type;                /* T_DIR, T_FILE, T_DEVICE (uapi/stat.h) */
  short major, minor;        /* T_DEVICE */
  short nlink;               /* directory entries naming it (not its own ".") */
  uint64_t size;             /* bytes */
  paddr_t pages[INODE_PAGES]; /* a prefix is present, then PA_NULL: no holes */
};

_Static_assert(sizeof(struct inode) <= PAGE_SIZE, "an inode is one frame");

/* The budget, in frames the file system may hold (inodes and pages): set
 * at boot by fs_init() (fs/fsops.h), and by tests that fill it. Frames
 * already held stay held when it shrinks below them. */
void fs_budget_set(size_t max_frames);
/* Frames the file system holds now, and may hold at most. */
size_t fs_frames_used(void);
size_t fs_frames_max(void);

/* A frame for the file system, zeroed, counted in the budget.
 * => 0, -ENOSPC (budget spent) or -ENOMEM (frame_alloc failed). */
int fs_frame_take(paddr_t *pa);
/* Give back a frame from fs_frame_take(): the file system's hold goes; a
 * page still mapped by processes lives on as theirs (frame_file_release). */
void fs_frame_give(paddr_t pa);

/* A new inode of `type` with one reference, nlink 0, unlocked.
 * => 0 with *out set, -ENOSPC (budget or inode numbers spent), -ENOMEM. */
int inode_alloc(short type, struct inode **out);
/* A new reference to inode `inum`, or NULL if there is none. Callers find
 * inum in a directory whose lock they hold, so the inode cannot go away
 * meanwhile. */
struct inode *inode_get(uint32_t inum);
/* One more reference to ip (which the caller holds). */
struct inode *inode_dup(struct inode *ip);
/* Drop a reference; the last one of an inode no directory names (nlink 0)
 * frees it and its pages. Call without ip's lock. */
void inode_put(struct inode *ip);
void inode_lock(struct inode *ip);
void inode_unlock(struct inode *ip);
/* Unlock and put, the common ending. */
void inode_unlock_put(struct inode *ip);
/* The frame of page `index` of ip (locked), or PA_NULL past the last. The
 * frame stays the inode's while the lock is held: a caller that keeps it
 * longer takes its own reference first (vm_map_frame does). */
paddr_t inode_page(struct inode *ip, size_t index);
/* Before page `index` (present) of ip (locked) is written: if processes
 * map its frame (count above the inode's one hold), give the inode a copy
 * and let go of the old frame, which the mappings keep. So a running
 * program never sees its file change under it, and nothing has to know who
 * maps the page. Returns 0 or -ENOMEM (nothing changed). */
int inode_page_unshare(struct inode *ip, size_t index);
/* Free every page: size 0 (ip locked). */
void inode_truncate(struct inode *ip);
/* Fill a struct stat (uapi/stat.h) from ip (locked). */
struct stat;
void inode_stat(struct inode *ip, struct stat *st);

/* Visit every live inode (for fs_check, with the file system quiet). */
void inode_for_each(void (*fn)(struct inode *ip, void *arg), void *arg);

#endif
