/* open() flags, with xv6's values and rules: one access mode (O_RDONLY,
 * O_WRONLY, O_RDWR), plus O_CREATE (make the file if the name is free)
 * and O_TRUNC (empty it). A directory opens only O_RDONLY. */
#ifndef UAPI_FCNTL_H
#define UAPI_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREATE 0x200
#define O_TRUNC  0x400

#endif
