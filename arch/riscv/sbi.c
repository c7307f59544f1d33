/* SBI ecall wrappers. */
#include "arch/riscv/sbi.h"

struct sbiret {
  long error;
  long value;
};

static struct sbiret sbi_call(uint64_t ext, uint64_t fn, uint64_t a0,
                              uint64_t a1, uint64_t a2)
{
  register uint64_t r_a0 __asm__("a0") = a0;
  register uint64_t r_a1 __asm__("a1") = a1;
  register uint64_t r_a2 __asm__("a2") = a2;
  register uint64_t r_a6 __asm__("a6") = fn;
  register uint64_t r_a7 __asm__("a7") = ext;
  __asm__ volatile("ecall"
                   : "+r"(r_a0), "+r"(r_a1)
                   : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                   : "memory");
  return (struct sbiret){ (long)r_a0, (long)r_a1 };
}

void sbi_console_putchar(char c)
{
  sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (uint8_t)c, 0, 0);
}

long sbi_hart_start(uint64_t hartid, paddr_t start_pa, uint64_t opaque)
{
  return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, pa_raw(start_pa), opaque).error;
}

long sbi_hart_get_status(uint64_t hartid)
{
  struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0);
  return r.error ? r.error : r.value;
}

long sbi_send_ipi_one(uint64_t hartid)
{
  /* hart_mask bit 0 with mask_base = hartid selects exactly that hart. */
  return sbi_call(SBI_EXT_IPI, 0, 1, hartid, 0).error;
}

void sbi_set_timer(uint64_t when)
{
  sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0, 0);
}

void sbi_shutdown(bool failure)
{
  sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN,
           failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
}
