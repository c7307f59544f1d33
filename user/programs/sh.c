/* sh: the cowkernel shell.
 *
 * Reads a line at a time from fd 0 and runs it. A line is a sequence of
 * jobs separated by ';' (run in the foreground, one after the other) or
 * terminated by '&' (run in the background). A job is a pipeline of
 * commands joined by '|'. A command is words plus '<' FILE / '>' FILE
 * redirections. Words may be quoted with '...' or "..." (no escapes);
 * '#' starting a word begins a comment. Builtins: cd [DIR], exit [N].
 *
 * Each line is parsed in full before anything runs, so a syntax error never
 * leaves half a line executed. There is no non-blocking wait, so background
 * jobs are reaped whenever the shell waits for a foreground job, and
 * reported before the next prompt. */
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "user/errno.h"
#include "user/user.h"

#define LINE_MAX 512 /* bytes per input line, including the newline */

enum token_type { TK_WORD, TK_PIPE, TK_SEMI, TK_AMP, TK_IN, TK_OUT, TK_END };

struct token {
  enum token_type type;
  char *word; /* TK_WORD only: NUL-terminated, quotes removed */
};

/* One input line and its tokens. Every token but TK_END uses at least one
 * input byte, and a word's copy is never longer than its input plus a NUL,
 * so these sizes cannot overflow. */
struct line {
  char text[LINE_MAX];
  char words[2 * LINE_MAX];
  struct token tok[LINE_MAX + 1];
};

/* One pipeline stage, parsed from tokens. */
struct cmd {
  char *argv[MAXARG + 1]; /* NULL-terminated */
  int argc;
  char *in;  /* '<' file, or 0 */
  char *out; /* '>' file, or 0 */
};

/* A background job: its last stage's pid and, once reaped, its status. */
struct bgjob {
  int pid; /* 0: free slot */
  int done;
  int status;
};

static struct line line;
static struct bgjob bgjobs[NPROC]; /* no more can exist: NPROC processes */

/* ---- reading and tokenizing ---------------------------------------------- */

/* Reads one line from fd 0 into buf without its newline, one byte at a time
 * so input meant for the commands we run stays unread. Returns the length,
 * -1 at end of file, or -2 if the line did not fit (its rest is skipped). */
static int read_line(char *buf, int size)
{
  int n = 0, too_long = 0;
  for (;;) {
    char c;
    if (read(0, &c, 1) < 1) {
      if (n == 0 && !too_long)
        return -1;
      break; /* a last line without a newline still runs */
    }
    if (c == '\n')
      break;
    if (n + 1 < size)
      buf[n++] = c;
    else
      too_long = 1;
  }
  buf[n] = 0;
  return too_long ? -2 : n;
}

static int is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* Returns the operator token type for c, or TK_WORD if c is not one. */
static enum token_type operator_type(char c)
{
  switch (c) {
  case '|': return TK_PIPE;
  case ';': return TK_SEMI;
  case '&': return TK_AMP;
  case '<': return TK_IN;
  case '>': return TK_OUT;
  default:  return TK_WORD;
  }
}

/* Copies the word at *pp into *wp without its quotes, NUL-terminates it and
 * advances both. Returns 0, or -1 on an unterminated quote (reported). */
static int scan_word(char **pp, char **wp)
{
  char *p = *pp, *w = *wp;
  char quote = 0;
  for (; *p; p++) {
    if (quote) {
      if (*p == quote)
        quote = 0;
      else
        *w++ = *p;
    } else if (*p == '\'' || *p == '"') {
      quote = *p;
    } else if (is_blank(*p) || operator_type(*p) != TK_WORD) {
      break;
    } else {
      *w++ = *p;
    }
  }
  if (quote) {
    fprintf(2, "sh: unterminated quote\n");
    return -1;
  }
  *w++ = 0;
  *pp = p, *wp = w;
  return 0;
}

/* Splits ln->text into ln->tok, ending with TK_END. Returns 0, or -1 on an
 * error (reported). */
static int tokenize(struct line *ln)
{
  char *p = ln->text, *w = ln->words;
  for (struct token *t = ln->tok;; t++) {
    while (is_blank(*p))
      p++;
    t->word = 0;
    if (*p == 0 || *p == '#') {
      t->type = TK_END;
      return 0;
    }
    t->type = operator_type(*p);
    if (t->type != TK_WORD) {
      p++;
      continue;
    }
    t->word = w;
    if (scan_word(&p, &w) < 0)
      return -1;
  }
}

/* ---- parsing -------------------------------------------------------------- */

static const char *token_text(const struct token *t)
{
  static const char *const names[] = {
    [TK_WORD] = "word", [TK_PIPE] = "|", [TK_SEMI] = ";",
    [TK_AMP] = "&", [TK_IN] = "<", [TK_OUT] = ">", [TK_END] = "newline",
  };
  return names[t->type];
}

static int syntax_error(const struct token *t)
{
  fprintf(2, "sh: syntax error near `%s'\n", token_text(t));
  return -1;
}

/* Parses the command at tok[*pos] into c, leaving *pos at the token that
 * ends it ('|', ';', '&' or end). Returns 0, or -1 on an error (reported):
 * an empty command, a redirection without a file, too many arguments. */
static int parse_cmd(const struct token *tok, int *pos, struct cmd *c)
{
  int i = *pos;
  c->argc = 0;
  c->in = c->out = 0;
  for (; tok[i].type == TK_WORD || tok[i].type == TK_IN ||
         tok[i].type == TK_OUT; i++) {
    if (tok[i].type != TK_WORD) {
      if (tok[i + 1].type != TK_WORD)
        return syntax_error(&tok[i + 1]);
      *(tok[i].type == TK_IN ? &c->in : &c->out) = tok[i + 1].word;
      i++;
    } else if (c->argc == MAXARG) {
      fprintf(2, "sh: too many arguments (at most %d)\n", MAXARG);
      return -1;
    } else {
      c->argv[c->argc++] = tok[i].word;
    }
  }
  c->argv[c->argc] = 0;
  *pos = i;
  return c->argc == 0 ? syntax_error(&tok[i]) : 0;
}

/* Checks that every command on the line parses. A trailing ';' or '&' is
 * allowed; an empty command anywhere else is not. Returns 0 or -1. */
static int check_line(const struct token *tok)
{
  int pos = 0;
  while (tok[pos].type != TK_END) {
    struct cmd c;
    for (;;) {
      if (parse_cmd(tok, &pos, &c) < 0)
        return -1;
      if (tok[pos].type != TK_PIPE)
        break;
      pos++;
    }
    if (tok[pos].type != TK_END)
      pos++; /* ';' or '&' */
  }
  return 0;
}

/* Returns the index of the ';', '&' or end token that ends the job
 * starting at tok[pos]. */
static int job_end(const struct token *tok, int pos)
{
  while (tok[pos].type != TK_SEMI && tok[pos].type != TK_AMP &&
         tok[pos].type != TK_END)
    pos++;
  return pos;
}

/* ---- running commands ----------------------------------------------------- */

/* Runs builtin c if it is one. Returns 1 if it was, with its status in
 * *status; 0 if c is not a builtin. exit does not return. */
static int run_builtin(const struct cmd *c, int *status)
{
  const char *name = c->argv[0];
  if (strcmp(name, "exit") == 0)
    exit(c->argc > 1 ? atoi(c->argv[1]) : 0);
  if (strcmp(name, "cd") != 0)
    return 0;
  const char *dir = c->argc > 1 ? c->argv[1] : "/";
  *status = 1;
  if (c->argc > 2)
    fprintf(2, "sh: cd: too many arguments\n");
  else if (chdir(dir) < 0)
    fprintf(2, "sh: cd: cannot change to %s: %s\n", dir, strerror(lasterr()));
  else
    *status = 0;
  return 1;
}

/* Makes fd `target` refer to path opened with flags. Returns 0, or the
 * positive errno of the call that failed (lasterr() right after it, before
 * anything else can fail and replace it). */
static int reopen(int target, const char *path, int flags)
{
  int fd = open(path, flags);
  if (fd < 0)
    return lasterr();
  close(target);
  int got = dup(fd); /* lowest free fd: target, since 0..2 are open */
  int err = got < 0 ? lasterr() : 0;
  close(fd);
  if (got == target)
    return 0;
  return err ? err : EBADF; /* dup gave another slot: fd 0..2 was closed */
}

/* Applies c's redirections to fds 0 and 1: '<' opens for reading, '>'
 * creates or truncates for writing (xv6's O_CREATE|O_WRONLY|O_TRUNC).
 * Returns 0, or -1 after printing "sh: cannot open|create FILE: reason". */
static int redirect(const struct cmd *c)
{
  int err;
  if (c->in && (err = reopen(0, c->in, O_RDONLY)) != 0) {
    fprintf(2, "sh: cannot open %s: %s\n", c->in, strerror(err));
    return -1;
  }
  if (c->out && (err = reopen(1, c->out, O_WRONLY | O_CREATE | O_TRUNC)) != 0) {
    fprintf(2, "sh: cannot create %s: %s\n", c->out, strerror(err));
    return -1;
  }
  return 0;
}

/* Replaces this process with c's program; returns only if that fails. A
 * name without '/' is tried as given and then as "/NAME". */
static void exec_cmd(struct cmd *c)
{
  char *name = c->argv[0];
  char path[MAXPATH] = "";
  exec(name, c->argv);
  if (strchr(name, '/') == 0 && snprintf(path, sizeof path, "/%s", name) < MAXPATH)
    exec(path, c->argv);
  struct stat st;
  if (stat(name, &st) == 0 || (path[0] && stat(path, &st) == 0))
    fprintf(2, "sh: %s: cannot execute\n", name);
  else
    fprintf(2, "sh: %s: not found\n", name);
}

/* Body of a forked command: moves in_fd/out_fd (if >= 0) onto fds 0/1,
 * closes unused_fd (the next stage's pipe end, if >= 0), applies the
 * redirections and runs the command. Never returns. */
static void child(struct cmd *c, int in_fd, int out_fd, int unused_fd)
{
  if (unused_fd >= 0)
    close(unused_fd);
  if (in_fd >= 0) {
    close(0);
    dup(in_fd);
    close(in_fd);
  }
  if (out_fd >= 0) {
    close(1);
    dup(out_fd);
    close(out_fd);
  }
  if (redirect(c) < 0)
    exit(1);
  int status;
  if (run_builtin(c, &status))
    exit(status);
  exec_cmd(c);
  exit(1);
}

/* Starts every stage of the pipeline at tok[*pos], connecting them with
 * pipes, and leaves *pos at the end of the job. Stores the pids in pids
 * (room for NPROC). Returns how many stages started; on a failure the rest
 * of the pipeline is not started (the error is reported). */
static int start_pipeline(const struct token *tok, int *pos, int *pids)
{
  int n = 0, in_fd = -1;
  for (;;) {
    struct cmd c;
    parse_cmd(tok, pos, &c); /* cannot fail: check_line passed */
    int last = tok[*pos].type != TK_PIPE;
    int p[2] = {-1, -1};
    int pid = -1;
    if ((last || pipe(p) == 0) && n < NPROC && (pid = fork()) == 0)
      child(&c, in_fd, p[1], p[0]);
    if (in_fd >= 0)
      close(in_fd);
    if (p[1] >= 0)
      close(p[1]);
    in_fd = p[0];
    if (pid < 0) {
      fprintf(2, "sh: cannot start %s\n", c.argv[0]);
      break;
    }
    pids[n++] = pid;
    if (last)
      break;
    (*pos)++; /* the '|' */
  }
  if (in_fd >= 0)
    close(in_fd);
  *pos = job_end(tok, *pos);
  return n;
}

/* ---- waiting -------------------------------------------------------------- */

static void bg_add(int pid)
{
  for (int i = 0; i < NPROC; i++) {
    if (bgjobs[i].pid == 0) {
      bgjobs[i] = (struct bgjob){pid, 0, 0};
      return;
    }
  }
}

/* Records that pid, not a foreground stage, exited. */
static void bg_reaped(int pid, int status)
{
  for (int i = 0; i < NPROC; i++) {
    if (bgjobs[i].pid == pid) {
      bgjobs[i].done = 1;
      bgjobs[i].status = status;
      return;
    }
  }
}

/* Reports the background jobs that finished since the last prompt. */
static void bg_report(void)
{
  for (int i = 0; i < NPROC; i++) {
    struct bgjob *j = &bgjobs[i];
    if (j->pid == 0 || !j->done)
      continue;
    if (j->status == 0)
      fprintf(2, "[%d] done\n", j->pid);
    else
      fprintf(2, "[%d] exit %d\n", j->pid, j->status);
    j->pid = 0;
  }
}

/* Waits until all n pids have exited, noting background jobs reaped on the
 * way. Returns the status of the last one. */
static int wait_for(int *pids, int n)
{
  int left = n, last_status = 0;
  while (left > 0) {
    int status;
    int pid = wait(&status);
    if (pid < 0)
      break; /* no children at all: nothing left to wait for */
    int i = 0;
    while (i < n && pids[i] != pid)
      i++;
    if (i == n) {
      bg_reaped(pid, status);
      continue;
    }
    pids[i] = -1;
    left--;
    if (i == n - 1)
      last_status = status;
  }
  return last_status;
}

/* ---- jobs and lines ------------------------------------------------------- */

/* Runs the job at tok[pos] (ending at tok[end]) in the foreground or the
 * background. A lone builtin without redirections runs in the shell itself,
 * so cd and exit affect the shell; elsewhere builtins run in a child. */
static void run_job(const struct token *tok, int pos, int end, int background)
{
  struct cmd c;
  int probe = pos, status;
  parse_cmd(tok, &probe, &c);
  if (!background && probe == end && !c.in && !c.out &&
      run_builtin(&c, &status))
    return;

  int pids[NPROC];
  int n = start_pipeline(tok, &pos, pids);
  if (n == 0)
    return;
  if (background) {
    bg_add(pids[n - 1]);
    fprintf(2, "[%d]\n", pids[n - 1]);
  } else {
    wait_for(pids, n);
  }
}

/* Runs every job on the (already checked) line. */
static void run_line(const struct token *tok)
{
  int pos = 0;
  while (tok[pos].type != TK_END) {
    int end = job_end(tok, pos);
    run_job(tok, pos, end, tok[end].type == TK_AMP);
    pos = tok[end].type == TK_END ? end : end + 1;
  }
}

int main(void)
{
  for (;;) {
    bg_report();
    write(2, "$ ", 2);
    int n = read_line(line.text, sizeof line.text);
    if (n == -1)
      break;
    if (n == -2) {
      fprintf(2, "sh: line too long (at most %d characters)\n", LINE_MAX - 1);
      continue;
    }
    if (tokenize(&line) == 0 && check_line(line.tok) == 0)
      run_line(line.tok);
  }
  return 0;
}
