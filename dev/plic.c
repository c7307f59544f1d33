/* The PLIC (RISC-V platform-level interrupt controller), as QEMU models it
 * (hw/intc/sifive_plic.c) and SiFive documents it:
 *   priority of source s        base + 4*s
 *   enable bits of context c    base + 0x2000 + 0x80*c     (bit s%32 of word s/32)
 *   priority threshold of c     base + 0x200000 + 0x1000*c
 *   claim/complete of c         base + 0x200004 + 0x1000*c
 * Which context takes a hart's S-mode external interrupts is read from the
 * device tree (arch/riscv/fdt_harts.c), not computed: 2*hart+1 on virt,
 * 2*hart on sifive_u, whose hart 0 has an M context only.
 *
 * The only source cowkernel uses is the UART. Registers are 32 bits wide
 * and written once at boot (priority) or per hart (enable, threshold), so
 * no lock is needed; claim/complete are atomic in the device. */
#include "dev/plic.h"
#include "dev/console.h"
#include "dev/uart.h"
#include "arch/riscv/cpu.h"
#include "lib/printf.h"

#define PLIC_PRIORITY(s)   (4UL * (s))
#define PLIC_ENABLE(c, s)  (0x2000UL + 0x80UL * (c) + 4UL * ((s) / 32))
#define PLIC_THRESHOLD(c)  (0x200000UL + 0x1000UL * (c))
#define PLIC_CLAIM(c)      (0x200004UL + 0x1000UL * (c))

#define PRIORITY_ON  1   /* any nonzero priority beats threshold 0 */

static uintptr_t plic_base;
static uint32_t uart_source;
/* Each hart's S-mode context, by cpu index; written by that hart at start. */
static uint32_t hart_context[NCPU];

static volatile uint32_t *reg(uintptr_t offset)
{
  return (volatile uint32_t *)(plic_base + offset);
}

void plic_init(uintptr_t regs, uint32_t uart_irq)
{
  plic_base = regs;
  uart_source = uart_irq;
  if (plic_base && uart_source)
    *reg(PLIC_PRIORITY(uart_source)) = PRIORITY_ON;
}

void plic_init_hart(uint32_t context)
{
  hart_context[this_cpu()->id] = context;
  if (!plic_base || !uart_source || context == PLATFORM_NO_CONTEXT)
    return;
  *reg(PLIC_ENABLE(context, uart_source)) |= 1U << (uart_source % 32);
  *reg(PLIC_THRESHOLD(context)) = 0;
}

/* Every received byte goes to the console; the UART keeps interrupting
 * as long as its receive FIFO is not empty, so drain it all. */
static void uart_interrupt(void)
{
  for (int c; (c = uart_getc()) >= 0;)
    console_dev_input(c);
}

void plic_handle(void)
{
  uint32_t c = hart_context[this_cpu()->id];
  if (!plic_base || c == PLATFORM_NO_CONTEXT)
    return;
  for (uint32_t source; (source = *reg(PLIC_CLAIM(c))) != 0;) {
    if (source == uart_source)
      uart_interrupt();
    else
      printf("plic_handle: unexpected interrupt source %u\n", source);
    *reg(PLIC_CLAIM(c)) = source;   /* complete */
  }
}
