/* A small flattened-device-tree reader: one pass over the structure block,
 * collecting the handful of facts in struct platform. Nodes are classified
 * when they end, because their properties come in any order; what connects
 * nodes that may come in any order (a cpu and the PLIC context that
 * serves it, the UARTs and /chosen's stdout-path) is settled once the walk
 * is over (fdt_harts.c, fdt_console.c). */
#include "arch/riscv/fdt_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define MAX_DEPTH      8

struct fdt_header {
  uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap,
           version, last_comp_version, boot_cpuid_phys, size_dt_strings,
           size_dt_struct;
};

uint32_t fdt_be32(const void *p)
{
  const uint8_t *b = p;
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
  uint64_t v = 0;
  for (uint32_t i = 0; i < cells; i++)
    v = v << 32 | fdt_be32(p + 4 * i);
  return v;
}

bool fdt_str_is(struct fdt_str s, const char *want)
{
  size_t n = strlen(want);
  return s.s && s.len >= n && strncmp(s.s, want, n) == 0 && (s.len == n || s.s[n] == 0);
}

bool fdt_strlist_has(struct fdt_str list, const char *want)
{
  const char *s = list.s, *end = s + list.len;
  while (s && s < end) {
    size_t n = strnlen(s, (size_t)(end - s));
    if (fdt_str_is((struct fdt_str){ s, (uint32_t)n }, want))
      return true;
    s += n + 1;
  }
  return false;
}

bool fdt_node_enabled(const struct node *n)
{
  return !n->status.s || fdt_str_is(n->status, "okay") || fdt_str_is(n->status, "ok");
}

/* Node names are "name@unit"; true if the part before '@' is `want`. */
static bool name_is(const struct node *n, const char *want)
{
  size_t len = strlen(want);
  return strncmp(n->name, want, len) == 0 && (n->name[len] == 0 || n->name[len] == '@');
}

static void parse_reg(struct node *n, const struct node *parent,
                      const uint8_t *data, uint32_t len)
{
  uint32_t stride = 4 * (parent->addr_cells + parent->size_cells);
  for (uint32_t off = 0; stride && off + stride <= len && n->reg_count < FDT_MAX_REGS;
       off += stride) {
    n->regs[n->reg_count].base = pa_make(read_cells(data + off, parent->addr_cells));
    n->regs[n->reg_count].size = read_cells(data + off + 4 * parent->addr_cells,
                                            parent->size_cells);
    n->reg_count++;
  }
}

/* The properties that are strings: where each one goes in struct node. */
static struct fdt_str *string_property(struct node *n, const char *name)
{
  static const struct { const char *name; size_t offset; } props[] = {
    { "device_type", offsetof(struct node, device_type) },
    { "compatible", offsetof(struct node, compatible) },
    { "status", offsetof(struct node, status) },
    { "bootargs", offsetof(struct node, bootargs) },
    { "stdout-path", offsetof(struct node, stdout_path) },
    { "linux,stdout-path", offsetof(struct node, stdout_path) },
    { "riscv,isa", offsetof(struct node, isa) },
    { "riscv,isa-extensions", offsetof(struct node, isa_extensions) },
    { "mmu-type", offsetof(struct node, mmu_type) },
  };
  for (size_t i = 0; i < ARRAY_SIZE(props); i++)
    if (strcmp(name, props[i].name) == 0)
      return (struct fdt_str *)((char *)n + props[i].offset);
  return NULL;
}

static void read_property(struct node *n, const struct node *parent,
                          const char *name, const uint8_t *data, uint32_t len)
{
  struct fdt_str *str = string_property(n, name);
  if (str) *str = (struct fdt_str){ (const char *)data, len };
  else if (strcmp(name, "#address-cells") == 0 && len >= 4) n->addr_cells = fdt_be32(data);
  else if (strcmp(name, "#size-cells") == 0 && len >= 4) n->size_cells = fdt_be32(data);
  else if (strcmp(name, "reg") == 0 && parent) parse_reg(n, parent, data, len);
  else if (strcmp(name, "interrupts") == 0 && len >= 4) n->irq = fdt_be32(data);
  else if (strcmp(name, "phandle") == 0 && len >= 4) n->phandle = fdt_be32(data);
  else if (strcmp(name, "interrupts-extended") == 0) {
    n->irqs_extended = data;
    n->irqs_extended_len = len;
  } else if (strcmp(name, "timebase-frequency") == 0 && len >= 4)
    n->timebase = read_cells(data, len / 4);
}

static void add_range(struct phys_range *arr, int *count, int max, struct phys_range r)
{
  if (*count < max && r.size)
    arr[(*count)++] = r;
}

/* The path of stack[depth] ("/soc/serial@10010000"), cut to fit `size`. */
static void node_path(const struct node *stack, int depth, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = 0;
  for (int d = 1; d <= depth && used + 1 < size; d++) {
    buf[used++] = '/';
    used += strlcpy(buf + used, stack[d].name, size - used);
    used = MIN(used, size - 1);
  }
  if (used == 0)
    strlcpy(buf, "/", size);
}

static void note_chosen(const struct node *n, struct platform *p, struct fdt_scratch *s)
{
  if (n->bootargs.s)
    strlcpy(p->bootargs, n->bootargs.s, MIN(sizeof(p->bootargs), n->bootargs.len + 1));
  s->stdout_path = n->stdout_path;
}

/* stack[depth] has ended: file what it told us. */
static void classify(struct node *stack, int depth, struct platform *p, struct fdt_scratch *s)
{
  struct node *n = &stack[depth], *parent = depth ? &stack[depth - 1] : NULL;
  if (n->timebase && !p->timebase_hz)
    p->timebase_hz = n->timebase;
  if (fdt_str_is(n->device_type, "memory")) {
    for (int i = 0; i < n->reg_count; i++)
      add_range(p->ram, &p->ram_count, PLATFORM_MAX_RAM, n->regs[i]);
  } else if (parent && name_is(parent, "cpus") && fdt_str_is(n->device_type, "cpu")) {
    fdt_harts_note_cpu(n, p, s);
  } else if (parent && fdt_strlist_has(n->compatible, "riscv,cpu-intc")) {
    parent->intc_phandle = n->phandle;
  } else if (parent && name_is(parent, "reserved-memory")) {
    for (int i = 0; i < n->reg_count; i++)
      add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, n->regs[i]);
  } else if (fdt_uart_kind(n) != UART_NONE && n->reg_count && fdt_node_enabled(n)) {
    char path[FDT_PATH_MAX];
    node_path(stack, depth, path, sizeof(path));
    fdt_console_note_uart(n, path, s);
  } else if ((fdt_strlist_has(n->compatible, "riscv,plic0") ||
              fdt_strlist_has(n->compatible, "sifive,plic-1.0.0")) && n->reg_count) {
    fdt_harts_note_plic(n, p, s);
  } else if (fdt_strlist_has(n->compatible, "sifive,test0") && n->reg_count) {
    p->test_device = n->regs[0];
  }
  if (depth == 1 && name_is(n, "chosen"))
    note_chosen(n, p, s);
}

static const uint8_t *align4(const uint8_t *p)
{
  return (const uint8_t *)(((uintptr_t)p + 3) & ~(uintptr_t)3);
}

static void read_reserve_map(const uint8_t *blob, const struct fdt_header *h,
                             struct platform *p)
{
  const uint8_t *e = blob + fdt_be32(&h->off_mem_rsvmap);
  for (;; e += 16) {
    struct phys_range r = { pa_make(read_cells(e, 2)), read_cells(e + 8, 2) };
    if (pa_is_null(r.base) && !r.size)
      break;
    add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, r);
  }
}

/* One property token at `cur` of the node at stack[depth]. Returns the next
 * token's address. /aliases' properties are the aliases themselves. */
static const uint8_t *walk_property(const uint8_t *cur, const char *strings,
                                    struct node *stack, int depth, struct fdt_scratch *s)
{
  uint32_t len = fdt_be32(cur), nameoff = fdt_be32(cur + 4);
  const char *name = strings + nameoff;
  const uint8_t *data = cur + 8;
  if (depth == 1 && name_is(&stack[depth], "aliases"))
    fdt_console_note_alias((struct fdt_str){ name, (uint32_t)strlen(name) },
                           (struct fdt_str){ (const char *)data, len }, s);
  else
    read_property(&stack[depth], depth ? &stack[depth - 1] : NULL, name, data, len);
  return align4(data + len);
}

/* The structure block, token by token. Returns 0 at FDT_END, or -EINVAL. */
static int walk(const uint8_t *cur, const char *strings, struct platform *p,
                struct fdt_scratch *s)
{
  struct node stack[MAX_DEPTH];
  int depth = -1;
  for (;;) {
    uint32_t token = fdt_be32(cur);
    cur += 4;
    if (token == FDT_BEGIN_NODE) {
      if (++depth >= MAX_DEPTH)
        return -EINVAL;
      stack[depth] = (struct node){ .name = (const char *)cur, .addr_cells = 2,
                                    .size_cells = 1 };
      cur = align4(cur + strlen((const char *)cur) + 1);
    } else if (token == FDT_END_NODE) {
      if (depth < 0)
        return -EINVAL;
      classify(stack, depth, p, s);
      depth--;
    } else if (token == FDT_PROP) {
      if (depth < 0)
        return -EINVAL;
      cur = walk_property(cur, strings, stack, depth, s);
    } else if (token == FDT_END) {
      return 0;
    } else if (token != FDT_NOP) {
      return -EINVAL;
    }
  }
}

int fdt_parse(const void *dtb, paddr_t dtb_pa, struct platform *p)
{
  const uint8_t *blob = dtb;
  const struct fdt_header *h = dtb;
  if (fdt_be32(&h->magic) != FDT_MAGIC)
    return -EINVAL;
  memset(p, 0, sizeof(*p));
  add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED,
            (struct phys_range){ dtb_pa, fdt_be32(&h->totalsize) });
  read_reserve_map(blob, h, p);
  struct fdt_scratch s;
  memset(&s, 0, sizeof(s));
  int err = walk(blob + fdt_be32(&h->off_dt_struct),
                 (const char *)blob + fdt_be32(&h->off_dt_strings), p, &s);
  if (err)
    return err;
  fdt_harts_finish(p, &s);
  fdt_console_finish(p, &s);
  return 0;
}

const struct platform_hart *platform_find_hart(const struct platform *p, uint64_t hartid)
{
  for (int i = 0; i < p->hart_count; i++)
    if (p->harts[i].hartid == hartid)
      return &p->harts[i];
  return NULL;
}
