/* SBI calls (OpenSBI 1.1, SBI 1.0): only what the kernel uses. The
 * constants are also read by entry.S (the HSM stop of a second arrival). */
#ifndef ARCH_RISCV_SBI_H
#define ARCH_RISCV_SBI_H

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_TIME  0x54494D45 /* "TIME" */
#define SBI_EXT_IPI   0x735049   /* "sPI"  */
#define SBI_EXT_HSM   0x48534D   /* "HSM"  */
#define SBI_EXT_SRST  0x53525354 /* "SRST" */

/* TIME and SRST functions. */
#define SBI_TIME_SET_TIMER       0
#define SBI_SRST_SYSTEM_RESET    0
#define SBI_SRST_SHUTDOWN        0 /* reset type */
#define SBI_SRST_REASON_NONE     0
#define SBI_SRST_REASON_FAILURE  1

#define SBI_SUCCESS            0
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_ALREADY_AVAILABLE -6 /* hart_start: the hart is already started */

/* HSM functions and the hart states hart_get_status answers. */
#define SBI_HSM_HART_START      0
#define SBI_HSM_HART_STOP       1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_STARTED         0
#define SBI_HSM_STOPPED         1
#define SBI_HSM_START_PENDING   2
#define SBI_HSM_STOP_PENDING    3

#ifndef __ASSEMBLER__
#include "lib/types.h"

void sbi_console_putchar(char c);
/* Start hart `hartid` at physical address `start_pa` with a1 = opaque.
 * Returns 0 or a negative SBI error. */
long sbi_hart_start(uint64_t hartid, paddr_t start_pa, uint64_t opaque);
/* The HSM state of hart `hartid` (SBI_HSM_STARTED, ...), or a negative SBI
 * error (SBI_ERR_INVALID_PARAM: no such hart). */
long sbi_hart_get_status(uint64_t hartid);
/* Raise a supervisor software interrupt on one hart. */
long sbi_send_ipi_one(uint64_t hartid);
/* Arm this hart's supervisor timer interrupt for time `when` (SBI TIME),
 * clearing a pending one. For harts without Sstc. */
void sbi_set_timer(uint64_t when);
/* Shut down (SBI SRST), giving "system failure" as the reason if `failure`.
 * Returns only if the firmware refuses. QEMU exits 0 whatever the reason:
 * see power.c. */
void sbi_shutdown(bool failure);
#endif

#endif
