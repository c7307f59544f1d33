/* Helpers for the address-space ktests (kt_cow.c, kt_cow_table.c): spaces
 * built directly with mm/vm.h, no process needed. */
#ifndef TESTS_KT_VM_H
#define TESTS_KT_VM_H

#include "mm/vm.h"

#define KT_TEXT_VA 0x1000UL
#define KT_DATA_VA 0x10000UL

/* The PTE mapping va in vm (0 if none). */
pte_t kt_pte_of(struct vm_space *vm, vaddr_t va);
/* A space with one text page (R-X) at KT_TEXT_VA and `pages` data pages
 * (RW) from KT_DATA_VA, page i holding the word 0x1000 + i; its heap
 * starts after them. NULL when out of memory. */
struct vm_space *kt_make_parent(int pages);
/* The word at va in vm, through copyin (~0 if unreadable). */
uint64_t kt_read_word(struct vm_space *vm, vaddr_t va);

#endif
