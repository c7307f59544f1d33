/* A small flattened-device-tree reader: one pass over the structure block,
 * collecting the handful of facts in struct platform. Nodes are classified
 * when they end, because their properties come in any order. */
#include "arch/riscv/fdt.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define MAX_DEPTH      8
#define MAX_REGS       4

struct fdt_header {
  uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap,
           version, last_comp_version, boot_cpuid_phys, size_dt_strings,
           size_dt_struct;
};

/* What we remember about the node being read at one depth. */
struct node {
  const char *name;
  uint32_t addr_cells, size_cells;   /* for this node's children */
  const char *device_type;
  const char *compatible;
  uint32_t compatible_len;
  const char *status;
  struct phys_range regs[MAX_REGS];
  int reg_count;
  uint32_t irq;
  const void *bootargs;
  uint32_t bootargs_len;
  uint64_t timebase;
};

static uint32_t be32(const void *p)
{
  const uint8_t *b = p;
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
  uint64_t v = 0;
  for (uint32_t i = 0; i < cells; i++)
    v = v << 32 | be32(p + 4 * i);
  return v;
}

static bool has_compatible(const struct node *n, const char *want)
{
  const char *s = n->compatible, *end = s + n->compatible_len;
  for (; s && s < end; s += strlen(s) + 1)
    if (strcmp(s, want) == 0)
      return true;
  return false;
}

static bool node_enabled(const struct node *n)
{
  return !n->status || strcmp(n->status, "okay") == 0 || strcmp(n->status, "ok") == 0;
}

static void parse_reg(struct node *n, const struct node *parent,
                      const uint8_t *data, uint32_t len)
{
  uint32_t stride = 4 * (parent->addr_cells + parent->size_cells);
  for (uint32_t off = 0; stride && off + stride <= len && n->reg_count < MAX_REGS; off += stride) {
    n->regs[n->reg_count].base = pa_make(read_cells(data + off, parent->addr_cells));
    n->regs[n->reg_count].size = read_cells(data + off + 4 * parent->addr_cells,
                                            parent->size_cells);
    n->reg_count++;
  }
}

static void read_property(struct node *n, const struct node *parent,
                          const char *name, const uint8_t *data, uint32_t len)
{
  if (strcmp(name, "#address-cells") == 0) n->addr_cells = be32(data);
  else if (strcmp(name, "#size-cells") == 0) n->size_cells = be32(data);
  else if (strcmp(name, "device_type") == 0) n->device_type = (const char *)data;
  else if (strcmp(name, "status") == 0) n->status = (const char *)data;
  else if (strcmp(name, "compatible") == 0) {
    n->compatible = (const char *)data;
    n->compatible_len = len;
  } else if (strcmp(name, "reg") == 0 && parent) parse_reg(n, parent, data, len);
  else if (strcmp(name, "interrupts") == 0 && len >= 4) n->irq = be32(data);
  else if (strcmp(name, "bootargs") == 0) {
    n->bootargs = data;
    n->bootargs_len = len;
  } else if (strcmp(name, "timebase-frequency") == 0 && len >= 4)
    n->timebase = read_cells(data, len / 4);
}

static void add_range(struct phys_range *arr, int *count, int max, struct phys_range r)
{
  if (*count < max && r.size)
    arr[(*count)++] = r;
}

/* A node has ended: file what it told us. */
static void classify(const struct node *n, const struct node *parent, struct platform *p)
{
  bool is_cpus = parent && parent->name && strcmp(parent->name, "cpus") == 0;
  if (n->timebase && !p->timebase_hz)
    p->timebase_hz = n->timebase;
  if (n->device_type && strcmp(n->device_type, "memory") == 0) {
    for (int i = 0; i < n->reg_count; i++)
      add_range(p->ram, &p->ram_count, PLATFORM_MAX_RAM, n->regs[i]);
  } else if (is_cpus && n->device_type && strcmp(n->device_type, "cpu") == 0) {
    if (node_enabled(n) && n->reg_count && p->hart_count < PLATFORM_MAX_HARTS)
      p->hart_ids[p->hart_count++] = pa_raw(n->regs[0].base); /* a cpu's reg is its hart id */
  } else if (parent && parent->name && strcmp(parent->name, "reserved-memory") == 0) {
    for (int i = 0; i < n->reg_count; i++)
      add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, n->regs[i]);
  } else if (has_compatible(n, "ns16550a") && !p->uart.size && n->reg_count) {
    p->uart = n->regs[0];
    p->uart_irq = n->irq;
  } else if ((has_compatible(n, "riscv,plic0") || has_compatible(n, "sifive,plic-1.0.0"))
             && n->reg_count) {
    p->plic = n->regs[0];
  } else if (has_compatible(n, "sifive,test0") && n->reg_count) {
    p->test_device = n->regs[0];
  }
  if (n->bootargs && n->name && strcmp(n->name, "chosen") == 0)
    strlcpy(p->bootargs, n->bootargs, MIN(sizeof(p->bootargs), n->bootargs_len + 1));
}

static const uint8_t *align4(const uint8_t *p)
{
  return (const uint8_t *)(((uintptr_t)p + 3) & ~(uintptr_t)3);
}

/* Node names are "name@unit"; keep the part before '@' for matching. */
static const char *base_name(const char *full, char *buf, size_t size)
{
  size_t n = 0;
  while (full[n] && full[n] != '@' && n + 1 < size)
    n++;
  memcpy(buf, full, n);
  buf[n] = 0;
  return buf;
}

static void read_reserve_map(const uint8_t *blob, const struct fdt_header *h,
                             struct platform *p)
{
  const uint8_t *e = blob + be32(&h->off_mem_rsvmap);
  for (;; e += 16) {
    struct phys_range r = { pa_make(read_cells(e, 2)), read_cells(e + 8, 2) };
    if (pa_is_null(r.base) && !r.size)
      break;
    add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED, r);
  }
}

int fdt_parse(const void *dtb, paddr_t dtb_pa, struct platform *p)
{
  const uint8_t *blob = dtb;
  const struct fdt_header *h = dtb;
  if (be32(&h->magic) != FDT_MAGIC)
    return -EINVAL;
  memset(p, 0, sizeof(*p));
  add_range(p->reserved, &p->reserved_count, PLATFORM_MAX_RESERVED,
            (struct phys_range){ dtb_pa, be32(&h->totalsize) });
  read_reserve_map(blob, h, p);

  const char *strings = (const char *)blob + be32(&h->off_dt_strings);
  const uint8_t *cur = blob + be32(&h->off_dt_struct);
  struct node stack[MAX_DEPTH];
  char names[MAX_DEPTH][32];
  int depth = -1;
  for (;;) {
    uint32_t token = be32(cur);
    cur += 4;
    if (token == FDT_BEGIN_NODE) {
      const char *full = (const char *)cur;
      cur = align4(cur + strlen(full) + 1);
      if (++depth >= MAX_DEPTH)
        return -EINVAL;
      stack[depth] = (struct node){ .addr_cells = 2, .size_cells = 1 };
      stack[depth].name = base_name(full, names[depth], sizeof(names[depth]));
    } else if (token == FDT_END_NODE) {
      if (depth < 0)
        return -EINVAL;
      classify(&stack[depth], depth ? &stack[depth - 1] : NULL, p);
      depth--;
    } else if (token == FDT_PROP) {
      uint32_t len = be32(cur), nameoff = be32(cur + 4);
      if (depth < 0)
        return -EINVAL;
      read_property(&stack[depth], depth ? &stack[depth - 1] : NULL,
                    strings + nameoff, cur + 8, len);
      cur = align4(cur + 8 + len);
    } else if (token == FDT_NOP) {
      continue;
    } else if (token == FDT_END) {
      return 0;
    } else {
      return -EINVAL;
    }
  }
}
