/* xv6-compatible integer type names for user programs. Sizes are those of
 * the rv64 lp64 ABI: int is 32 bits, long and pointers are 64 bits. */
#ifndef COWKERNEL_USER_TYPES_H
#define COWKERNEL_USER_TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;

typedef unsigned char  uint8;
typedef unsigned short uint16;
typedef unsigned int   uint32;
typedef unsigned long  uint64;

/* A page-table entry. User programs never see page tables; the name exists
 * because xv6 sources declare it here. */
typedef uint64 pde_t;

#endif
