/* Which UART is the console. /chosen's stdout-path names it, as a path
 * ("/soc/serial@10010000", what QEMU writes) or as an alias ("serial0",
 * what board trees write), either one possibly followed by ":OPTIONS"
 * ("serial0:115200n8"). Without a stdout-path, or when it names no UART we
 * can drive, the first UART in the tree is the console. */
#include "arch/riscv/fdt_internal.h"
#include "lib/string.h"

enum uart_kind fdt_uart_kind(const struct node *n)
{
  if (fdt_strlist_has(n->compatible, "ns16550a"))
    return UART_NS16550A;
  if (fdt_strlist_has(n->compatible, "sifive,uart0"))
    return UART_SIFIVE;
  return UART_NONE;
}

void fdt_console_note_uart(const struct node *n, const char *path, struct fdt_scratch *s)
{
  if (s->uart_count >= FDT_MAX_UARTS)
    return;
  struct uart_candidate *u = &s->uarts[s->uart_count++];
  u->kind = fdt_uart_kind(n);
  u->regs = n->regs[0];
  u->irq = n->irq;
  strlcpy(u->path, path, sizeof(u->path));
}

void fdt_console_note_alias(struct fdt_str name, struct fdt_str path, struct fdt_scratch *s)
{
  if (s->alias_count < FDT_MAX_ALIASES && strncmp(name.s, "serial", 6) == 0)
    s->aliases[s->alias_count++] = (struct alias){ name, path };
}

/* The length of stdout-path's device part: up to ':' or the end. */
static uint32_t device_part_len(struct fdt_str path)
{
  uint32_t n = 0;
  while (n < path.len && path.s[n] && path.s[n] != ':')
    n++;
  return n;
}

/* The path stdout-path means (an alias resolved), or {NULL, 0}. */
static struct fdt_str stdout_node_path(const struct fdt_scratch *s)
{
  struct fdt_str dev = { s->stdout_path.s, device_part_len(s->stdout_path) };
  if (!dev.s || dev.len == 0 || dev.s[0] == '/')
    return dev;
  for (int i = 0; i < s->alias_count; i++)
    if (s->aliases[i].name.len == dev.len && strncmp(s->aliases[i].name.s, dev.s, dev.len) == 0)
      return (struct fdt_str){ s->aliases[i].path.s, device_part_len(s->aliases[i].path) };
  return (struct fdt_str){ NULL, 0 };
}

void fdt_console_finish(struct platform *p, const struct fdt_scratch *s)
{
  if (s->uart_count == 0)
    return;
  const struct uart_candidate *chosen = &s->uarts[0];
  struct fdt_str want = stdout_node_path(s);
  for (int i = 0; want.s && i < s->uart_count; i++)
    if (strlen(s->uarts[i].path) == want.len &&
        strncmp(s->uarts[i].path, want.s, want.len) == 0)
      chosen = &s->uarts[i];
  p->uart = chosen->regs;
  p->uart_kind = chosen->kind;
  p->uart_irq = chosen->irq;
}
