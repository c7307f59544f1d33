/* Shared by the device-tree reader's files (fdt.c walks the blob;
 * fdt_harts.c and fdt_console.c interpret cpus, the PLIC and the UARTs).
 * Not for use outside arch/riscv/fdt*.c. */
#ifndef ARCH_RISCV_FDT_INTERNAL_H
#define ARCH_RISCV_FDT_INTERNAL_H

#include "arch/riscv/fdt.h"

#define FDT_MAX_REGS     4
#define FDT_PATH_MAX     64   /* "/soc/serial@10010000" and the like */
#define FDT_MAX_UARTS    4
#define FDT_MAX_ALIASES  4    /* serialN aliases: the stdout-path may name one */

/* A property value that is a string or a string list (not necessarily
 * NUL-terminated in a broken blob: always use the length). */
struct fdt_str {
  const char *s;
  uint32_t len;
};

/* What we remember about the node being read at one depth. Pointers point
 * into the blob, which stays mapped while fdt_parse() runs. */
struct node {
  const char *name;                  /* "serial@10010000", as in the blob */
  uint32_t addr_cells, size_cells;   /* for this node's children */
  struct fdt_str device_type, compatible, status;
  struct phys_range regs[FDT_MAX_REGS];
  int reg_count;
  uint32_t irq;
  struct fdt_str bootargs, stdout_path;
  uint64_t timebase;
  /* cpus and interrupt controllers */
  struct fdt_str isa, isa_extensions, mmu_type;
  uint32_t phandle;
  uint32_t intc_phandle;             /* a cpu: its riscv,cpu-intc child's phandle */
  const uint8_t *irqs_extended;      /* interrupts-extended: (phandle, irq) pairs */
  uint32_t irqs_extended_len;
};

struct uart_candidate {
  enum uart_kind kind;
  struct phys_range regs;
  uint32_t irq;
  char path[FDT_PATH_MAX];
};

struct alias {
  struct fdt_str name, path;
};

/* Facts gathered during the walk and settled once it is over, because the
 * nodes they connect may come in any order. */
struct fdt_scratch {
  uint32_t hart_intc[PLATFORM_MAX_HARTS];   /* parallel to platform.harts */
  const uint8_t *plic_irqs;                 /* the PLIC's interrupts-extended */
  uint32_t plic_irqs_len;
  struct uart_candidate uarts[FDT_MAX_UARTS];
  int uart_count;
  struct alias aliases[FDT_MAX_ALIASES];
  int alias_count;
  struct fdt_str stdout_path;
};

uint32_t fdt_be32(const void *p);
/* s names `want` exactly (s may lack its NUL within s.len). */
bool fdt_str_is(struct fdt_str s, const char *want);
/* A string list (compatible, riscv,isa-extensions) holds `want`. */
bool fdt_strlist_has(struct fdt_str list, const char *want);
bool fdt_node_enabled(const struct node *n);

/* fdt_harts.c: a cpu node ended / the PLIC node ended / the walk is over. */
void fdt_harts_note_cpu(const struct node *n, struct platform *p, struct fdt_scratch *s);
void fdt_harts_note_plic(const struct node *n, struct platform *p, struct fdt_scratch *s);
void fdt_harts_finish(struct platform *p, const struct fdt_scratch *s);

/* fdt_console.c: a UART node ended (at `path`) / an /aliases property /
 * the walk is over. */
void fdt_console_note_uart(const struct node *n, const char *path, struct fdt_scratch *s);
void fdt_console_note_alias(struct fdt_str name, struct fdt_str path, struct fdt_scratch *s);
void fdt_console_finish(struct platform *p, const struct fdt_scratch *s);
/* The console's kind for a node's compatible, UART_NONE if not a UART we drive. */
enum uart_kind fdt_uart_kind(const struct node *n);

#endif
