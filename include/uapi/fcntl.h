/* open() flags, with xv6's values. cowkernel's boot-image file system is
 * read-only: any flag asking to write a file makes open() fail; only the
 * console accepts O_WRONLY/O_RDWR. */
#ifndef UAPI_FCNTL_H
#define UAPI_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREATE 0x200
#define O_TRUNC  0x400

#endif
