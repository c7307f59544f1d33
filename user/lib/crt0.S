/* _start: where every user program begins.
 *
 * The kernel enters here in user mode with
 *   a0 = argc, a1 = argv (a NULL-terminated char* array on the user stack),
 *   sp = 16-byte aligned, below the argument strings.
 * We clear the frame pointer so a debugger's backtrace stops here, call
 * main(argc, argv), and hand its return value to exit(). */
#include "uapi/layout.h"

#if USER_TEXT_BASE != 0x1000
#error "user/user.ld links programs at 0x1000: update it to match USER_TEXT_BASE"
#endif

  .section .text.start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  mv s0, zero          /* frame pointer: end of the frame chain */
  call main            /* a0, a1 already hold argc, argv */
  call exit            /* a0 = main's return value; exit never returns */
1:
  j 1b
  .size _start, . - _start
