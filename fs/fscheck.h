/* The file system's invariant checker, for ktests (the frame/PTE one is
 * mm/vmcheck.c). Call only while nothing else uses the file system. */
#ifndef FS_FSCHECK_H
#define FS_FSCHECK_H

/* Checks, printing up to a few problems:
 *   - every inode's nlink equals the directory entries naming it, not
 *     counting a directory's own "." (xv6's rule: a directory counts its
 *     parent's entry and its subdirectories' "..");
 *   - every directory entry names a live inode;
 *   - an inode's pages are a prefix covering its size, and each is a
 *     FRAME_FILE frame (held by the inode, and by the leaf tables that
 *     map it: mm/vmcheck.c checks that count);
 *   - the budget's count equals the inodes plus their pages.
 * => the number of problems found (0: all hold). */
int fs_check(void);

#endif
