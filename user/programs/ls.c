/* ls [PATH...]: for each file prints "name type inode size"; for each
 * directory, that line for every entry in it. No arguments means ".". */
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "user/user.h"

/* Prints one line; names are padded to DIRSIZ so the columns line up. */
static void show(const char *name, const struct stat *st)
{
  printf("%-14s %d %u %lu\n", name, st->type, st->ino, st->size);
}

/* Returns the last component of path ("a/b" -> "b", "/" -> "/"). */
static const char *basename(const char *path)
{
  const char *last = path;
  for (const char *p = path; *p; p++) {
    if (*p == '/' && p[1])
      last = p + 1;
  }
  return last;
}

/* Builds in buf (MAXPATH bytes) the path of entry name in directory dir.
 * Entries of "." are named relative to the current directory. Returns 0,
 * or -1 if the result would not fit. */
static int join(char *buf, const char *dir, const char *name)
{
  int n;
  if (strcmp(dir, ".") == 0)
    n = snprintf(buf, MAXPATH, "%s", name);
  else if (dir[strlen(dir) - 1] == '/')
    n = snprintf(buf, MAXPATH, "%s%s", dir, name);
  else
    n = snprintf(buf, MAXPATH, "%s/%s", dir, name);
  return n < MAXPATH ? 0 : -1;
}

/* Lists the entries of the directory open on fd. Returns 0, or 1 if an
 * entry could not be examined. */
static int list_dir(int fd, const char *dir)
{
  struct dirent de;
  int status = 0;
  while (read(fd, &de, sizeof de) == sizeof de) {
    if (de.inum == 0)
      continue;
    char name[DIRSIZ + 1], path[MAXPATH];
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;
    struct stat st;
    int joined = join(path, dir, name) == 0;
    if (!joined || stat(path, &st) < 0) {
      /* lasterr() is stale when join refused: say so instead */
      fprintf(2, "ls: cannot stat %s: %s\n", name,
              joined ? strerror(lasterr()) : "path too long");
      status = 1;
      continue;
    }
    show(name, &st);
  }
  return status;
}

/* Lists path. Returns 0 on success, 1 on an error (reported). */
static int ls(const char *path)
{
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s: %s\n", path, strerror(lasterr()));
    return 1;
  }
  struct stat st;
  int status = 0;
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    status = 1;
  } else if (st.type == T_DIR) {
    status = list_dir(fd, path);
  } else {
    show(basename(path), &st);
  }
  close(fd);
  return status;
}

int main(int argc, char *argv[])
{
  if (argc < 2)
    return ls(".");
  int status = 0;
  for (int i = 1; i < argc; i++)
    status |= ls(argv[i]);
  return status;
}
