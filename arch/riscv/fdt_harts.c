/* Which harts the kernel runs on, and what each one offers.
 *
 * A cpu node qualifies if it is enabled (OpenSBI also marks harts it keeps
 * for itself "disabled") and has an MMU that can do Sv39: `mmu-type` is
 * riscv,sv39 or a larger mode, which implies Sv39. A monitor core such as
 * the E51 of sifive_u (hart 0, no mmu-type, no S-mode) is left out, so hart
 * ids need not start at 0 or be contiguous; the kernel's cpu indexes stay
 * dense all the same (smp.c hands them out in this list's order).
 *
 * PLIC contexts: the PLIC node's interrupts-extended lists its contexts in
 * order as (interrupt-controller phandle, cause) pairs; context i serves
 * the hart whose riscv,cpu-intc child has that phandle, for that cause. The
 * one we want per hart is supervisor external (cause 9). On virt this
 * happens to be context 2*hart+1; on sifive_u hart 0 has only an M context,
 * so a U54's S context is 2*hart. OpenSBI rewrites the M-mode causes to
 * 0xffffffff before handing the tree over, which changes no position. */
#include "arch/riscv/fdt_internal.h"
#include "arch/riscv/csr.h"
#include "lib/string.h"

#define ISA_SEPARATOR '_'

static bool mmu_runs_kernel(struct fdt_str mmu)
{
  return fdt_str_is(mmu, "riscv,sv39") || fdt_str_is(mmu, "riscv,sv48") ||
         fdt_str_is(mmu, "riscv,sv57");
}

/* `ext` (a multi-letter extension, lower case) is in the ISA string
 * "rv64imafdc_zicsr_..._sstc": one of the '_'-separated words after the
 * first, which holds the single-letter extensions. */
static bool isa_string_has(struct fdt_str isa, const char *ext)
{
  size_t want = strlen(ext);
  uint32_t len = (uint32_t)strnlen(isa.s, isa.len);
  for (uint32_t i = 0; i < len; i++) {
    if (isa.s[i] != ISA_SEPARATOR)
      continue;
    uint32_t start = i + 1, end = start;
    while (end < len && isa.s[end] != ISA_SEPARATOR)
      end++;
    if (end - start == want && strncmp(isa.s + start, ext, want) == 0)
      return true;
  }
  return false;
}

/* The newer binding lists extensions one per string; older trees only
 * have the ISA string. */
static bool hart_has_extension(const struct node *cpu, const char *ext)
{
  if (cpu->isa_extensions.s)
    return fdt_strlist_has(cpu->isa_extensions, ext);
  return cpu->isa.s && isa_string_has(cpu->isa, ext);
}

void fdt_harts_note_cpu(const struct node *n, struct platform *p, struct fdt_scratch *s)
{
  if (!fdt_node_enabled(n) || !n->reg_count || !mmu_runs_kernel(n->mmu_type) ||
      p->hart_count >= PLATFORM_MAX_HARTS)
    return;
  struct platform_hart *h = &p->harts[p->hart_count];
  h->hartid = pa_raw(n->regs[0].base);   /* a cpu's reg is its hart id */
  h->plic_context = PLATFORM_NO_CONTEXT;
  h->sstc = hart_has_extension(n, "sstc");
  s->hart_intc[p->hart_count++] = n->intc_phandle;
}

void fdt_harts_note_plic(const struct node *n, struct platform *p, struct fdt_scratch *s)
{
  p->plic = n->regs[0];
  s->plic_irqs = n->irqs_extended;
  s->plic_irqs_len = n->irqs_extended_len;
}

/* Give each hart the PLIC context listed for its S-mode external interrupt. */
void fdt_harts_finish(struct platform *p, const struct fdt_scratch *s)
{
  uint32_t contexts = s->plic_irqs_len / 8;
  for (uint32_t c = 0; c < contexts; c++) {
    uint32_t intc = fdt_be32(s->plic_irqs + 8 * c);
    uint32_t cause = fdt_be32(s->plic_irqs + 8 * c + 4);
    if (cause != IRQ_S_EXTERNAL)
      continue;
    for (int i = 0; i < p->hart_count; i++)
      if (s->hart_intc[i] == intc && intc != 0)
        p->harts[i].plic_context = c;
  }
}
