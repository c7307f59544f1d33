/* sifive,uart0: the UART of the FU540 (QEMU sifive_u) and FU740 (HiFive
 * Unmatched). 32-bit registers, from the SiFive FU540-C000 manual:
 *   txdata +0x00  write a byte; reads bit 31 = transmit FIFO full
 *   rxdata +0x04  read: bit 31 = receive FIFO empty, else the byte in 7:0
 *   txctrl +0x08  bit 0 txen, bit 1 nstop, bits 18:16 txcnt (watermark)
 *   rxctrl +0x0c  bit 0 rxen, bits 18:16 rxcnt (watermark)
 *   ie     +0x10  bit 0 txwm, bit 1 rxwm: interrupt enables
 *   ip     +0x14  the same bits, pending
 *   div    +0x18  baud divisor
 * The receive-watermark interrupt is pending while the receive FIFO holds
 * more than rxcnt entries: with rxcnt 0, while it holds any, so draining it
 * (dev/plic.c) ends the interrupt, as with the 16550. The divisor is left
 * as the firmware set it: it depends on the board's clock, which the
 * firmware knows (QEMU ignores it). */
#include "dev/uart_driver.h"

#define REG_TXDATA 0x00
#define REG_RXDATA 0x04
#define REG_TXCTRL 0x08
#define REG_RXCTRL 0x0c
#define REG_IE     0x10

#define TXDATA_FULL    (1u << 31)
#define RXDATA_EMPTY   (1u << 31)
#define RXDATA_BYTE    0xffu
#define CTRL_ENABLE    (1u << 0)
#define CTRL_CNT_MASK  (7u << 16)
#define IE_RXWM        (1u << 1)

static uintptr_t uart_base;

static volatile uint32_t *reg(uintptr_t offset)
{
  return (volatile uint32_t *)(uart_base + offset);
}

static void sifive_init(uintptr_t regs)
{
  uart_base = regs;
  *reg(REG_IE) = 0;
  *reg(REG_TXCTRL) |= CTRL_ENABLE;
  *reg(REG_RXCTRL) = (*reg(REG_RXCTRL) & ~CTRL_CNT_MASK) | CTRL_ENABLE;
}

static void sifive_putc(char c)
{
  while (*reg(REG_TXDATA) & TXDATA_FULL)
    ;
  *reg(REG_TXDATA) = (uint8_t)c;
}

/* One read both tests and takes: reading rxdata pops the FIFO. */
static int sifive_getc(void)
{
  uint32_t v = *reg(REG_RXDATA);
  if (v & RXDATA_EMPTY)
    return -1;
  return (int)(v & RXDATA_BYTE);
}

static void sifive_enable_rx_interrupt(void)
{
  *reg(REG_IE) |= IE_RXWM;
}

const struct uart_driver uart_sifive = {
  .init = sifive_init,
  .putc = sifive_putc,
  .getc = sifive_getc,
  .enable_rx_interrupt = sifive_enable_rx_interrupt,
};
