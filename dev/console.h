/* The console device: UART input with line editing for user programs.
 * Keys: Backspace/DEL erase a character, ^U the line, ^D ends input (a
 * read at the start of a line returns 0), ^P lists the processes. */
#ifndef DEV_CONSOLE_H
#define DEV_CONSOLE_H

#include "lib/types.h"

struct vm_space;

void console_dev_init(void);
/* From the UART interrupt: one received byte. */
void console_dev_input(int c);
/* Read a line (at most n bytes) into user memory at `uva` of `vm`. Blocks. Returns bytes
 * read, 0 at end of file, -EINTR, -EFAULT. */
int64_t console_dev_read(struct vm_space *vm, vaddr_t uva, size_t n);
/* Write n bytes from user memory (`uva` of `vm`) to the UART. Returns n, the bytes written
 * before a bad address, or -EFAULT if there were none. */
int64_t console_dev_write(struct vm_space *vm, vaddr_t uva, size_t n);

#endif
