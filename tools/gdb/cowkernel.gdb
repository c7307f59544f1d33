# gdb helpers for cowkernel, loaded by tools/gdb-attach and `ninja gdb`
# (or by hand: `source tools/gdb/cowkernel.gdb`). Plain gdb command language:
# no Python. docs/debugging.md shows them in use.
#
#   ptwalk VA [ROOT]          walk Sv39 for VA, print each level's PTE and flags
#   ptflags PTE               print a PTE's flag bits as letters
#   procs                     the process table (used slots) and who runs where
#   user-break NAME FUNC [PID]  load build/user/NAME's symbols, break at FUNC
#                             only while process NAME (or pid PID) runs it
#
# Facts they rely on (mm/pte.h, docs/memory-map.md, proc/proc.h,
# arch/riscv/cpu.h): the kernel image and every frame sit at
# 0xffffffc000000000 + PA (the direct map); PTE bits V R W X U G A D are 0..7,
# bit 8 marks a COW page, the PPN starts at bit 10; procs[] holds struct
# proc {state, pid, name, ...}; in the kernel tp is the hart's struct cpu *,
# whose ->current is the running process; proc_before_user_return() runs on
# every return to user mode, with that process's page table in satp.
#
# QEMU translates gdb's memory reads with the hart's current privilege, so
# while a hart is stopped in user mode kernel memory cannot be read at its
# virtual address. ptwalk and procs therefore read physical memory, through
# QEMU's physical-memory mode (the Qqemu.PhyMemMode packet), from any mode.

# cowkernel-phys 1|0: QEMU's gdb memory accesses physical (1) or virtual (0),
# without printing the packet exchange.
define cowkernel-phys
  set logging file /dev/null
  set logging redirect on
  set logging enabled on
  maintenance packet Qqemu.PhyMemMode:$arg0
  set logging enabled off
  set logging redirect off
end
document cowkernel-phys
cowkernel-phys 1|0: switch QEMU's gdb memory accesses to physical
addresses (1) or back to virtual ones (0). Used by ptwalk and procs.
end

# ptflags PTE: "VRWXUGAD" with '-' for a clear bit, then "COW" if bit 8 is set.
define ptflags
  set $_pf = (unsigned long)($arg0)
  printf "%c%c%c%c%c%c%c%c", ($_pf & 1) ? 'V' : '-', ($_pf & 2) ? 'R' : '-', ($_pf & 4) ? 'W' : '-', ($_pf & 8) ? 'X' : '-', ($_pf & 16) ? 'U' : '-', ($_pf & 32) ? 'G' : '-', ($_pf & 64) ? 'A' : '-', ($_pf & 128) ? 'D' : '-'
  if $_pf & 256
    printf " COW"
  end
end
document ptflags
ptflags PTE: print the flags of a page-table entry: V R W X U G A D
(bits 0-7, '-' when clear), then COW when bit 8 (cowkernel's software
copy-on-write mark) is set.
end

# ptwalk VA [ROOT]. ROOT may be a satp value (MODE 8 = Sv39 in bits 63-60),
# the root table's physical address, or a kernel pointer to it (vm->root);
# without it, this hart's satp. Reads the tables physically.
define ptwalk
  set $_va = (unsigned long)($arg0)
  set $_dm = 0xffffffc000000000
  if $argc > 1
    set $_root = (unsigned long)($arg1)
  else
    set $_root = (unsigned long)$satp
  end
  if ($_root >> 60) == 8
    set $_root = ($_root & 0xfffffffffff) << 12
  else
    if $_root >= $_dm
      set $_root = $_root - $_dm
    end
  end
  if $_root == 0
    printf "satp is 0: paging is off on this hart (pass a ROOT)\n"
  else
    printf "VA %#018lx, root table at PA %#lx\n", $_va, $_root
    cowkernel-phys 1
    set $_t = (unsigned long *)$_root
    set $_lvl = 2
    while $_lvl >= 0
      set $_idx = ($_va >> (12 + 9 * $_lvl)) & 511
      set $_pte = $_t[$_idx]
      printf "  level %d  index %3d  pte %#018lx  ", $_lvl, $_idx, $_pte
      ptflags $_pte
      if ($_pte & 1) == 0
        printf "  -> not mapped\n"
        set $_lvl = -1
      else
        if ($_pte & 0xe) != 0
          printf "  -> leaf at PA %#lx", ($_pte >> 10) << 12
          if $_lvl == 2
            printf " (1 GiB page)"
          end
          if $_lvl == 1
            printf " (2 MiB page)"
          end
          set $_size = 1UL << (12 + 9 * $_lvl)
          printf "\n  VA %#lx = PA %#lx\n", $_va, (($_pte >> 10) << 12) + ($_va & ($_size - 1))
          set $_lvl = -1
        else
          printf "  -> table at PA %#lx\n", ($_pte >> 10) << 12
          set $_t = (unsigned long *)(($_pte >> 10) << 12)
          set $_lvl = $_lvl - 1
        end
      end
    end
    cowkernel-phys 0
  end
end
document ptwalk
ptwalk VA [ROOT]: walk the Sv39 page table down to VA and print each
level's entry with its flags (see ptflags), then the physical address.
ROOT: a satp value, the root table's physical address, or a kernel pointer
to it (e.g. vm->root or p->vm->root); default: this hart's satp, which is a
process's root only while that process runs here.
end

# procs: the used slots of procs[], read physically (works in any mode).
define procs
  set $_dm = 0xffffffc000000000
  set $_n = sizeof(procs) / sizeof(procs[0])
  set $_ncpu = sizeof(cpus) / sizeof(cpus[0])
  set $_procs = (struct proc *)((unsigned long)&procs - $_dm)
  set $_cpus = (struct cpu *)((unsigned long)&cpus - $_dm)
  printf "slot  pid  name              state\n"
  cowkernel-phys 1
  set $_i = 0
  while $_i < $_n
    if $_procs[$_i].state != PROC_UNUSED
      printf "%4d %4d  %-16s  ", $_i, $_procs[$_i].pid, $_procs[$_i].name
      output $_procs[$_i].state
      set $_c = 0
      while $_c < $_ncpu
        if $_cpus[$_c].current == &procs[$_i]
          printf "  on cpu %d (hart %lu)", $_c, $_cpus[$_c].hartid
        end
        set $_c = $_c + 1
      end
      printf "\n"
    end
    set $_i = $_i + 1
  end
  cowkernel-phys 0
end
document procs
procs: list the used slots of the process table (procs[]): slot, pid,
name, state, and the cpu (struct cpu index and hart id) running it.
end

# user-break NAME FUNC [PID]. All user programs are linked at 0x1000, so an
# address in one program is also code (or nothing) in every other. A user
# breakpoint cannot test the kernel's current process (kernel memory is not
# readable from user mode), but it can test satp, which is per process. So
# a kernel breakpoint on proc_before_user_return() (every return to user mode)
# records the satp of the process named NAME (its first 15 characters and
# the NUL, compared as two 64-bit words), or of pid PID, in $ub_satp, and
# the breakpoint on FUNC stops only in user mode (sscratch != 0) with that
# satp. The latest user-break decides which process $ub_satp follows.
define user-break
  set $_ub_confirm = $_gdb_setting("confirm")
  set confirm off
  add-symbol-file user/$arg0
  if $_ub_confirm
    set confirm on
  end
  set $ub_satp = 0
  if $argc > 2
    break proc_before_user_return if ((struct cpu *)$tp)->current->pid == $arg2
  else
    set $_ub_w0 = 0
    set $_ub_w1 = 0
    set $_ub_len = sizeof("$arg0") - 1
    if $_ub_len > 15
      set $_ub_len = 15
    end
    set $_ub_k = 0
    while $_ub_k < $_ub_len
      if $_ub_k < 8
        set $_ub_w0 = $_ub_w0 | ((unsigned long)(unsigned char)"$arg0"[$_ub_k] << (8 * $_ub_k))
      else
        set $_ub_w1 = $_ub_w1 | ((unsigned long)(unsigned char)"$arg0"[$_ub_k] << (8 * ($_ub_k - 8)))
      end
      set $_ub_k = $_ub_k + 1
    end
    # masks: the name's bytes and its NUL; bytes after the NUL are stale
    set $_ub_m0 = $_ub_len >= 7 ? ~0UL : (1UL << (8 * ($_ub_len + 1))) - 1
    set $_ub_m1 = $_ub_len < 7 ? 0UL : ($_ub_len >= 15 ? ~0UL : (1UL << (8 * ($_ub_len - 7))) - 1)
    eval "break proc_before_user_return if (*(unsigned long *)((struct cpu *)$tp)->current->name & %#lx) == %#lx && (*(unsigned long *)(((struct cpu *)$tp)->current->name + 8) & %#lx) == %#lx", $_ub_m0, $_ub_w0, $_ub_m1, $_ub_w1
  end
  commands
    silent
    set $ub_satp = $satp
    continue
  end
  break $arg1 if $sscratch != 0 && $satp == $ub_satp
end
document user-break
user-break NAME FUNC [PID]: add the symbols of user program NAME
(user/NAME, relative to gdb's directory: tools/gdb-attach runs gdb in the
build directory) and break at FUNC (e.g. main) only when process NAME, or
pid PID, executes it in user mode. Other programs run code at the same low
addresses; their hits are filtered out by comparing satp with the one a
helper breakpoint on proc_before_user_return records for NAME ($ub_satp).
A FUNC that the kernel also has (printf, strlen) gets a kernel location
too, which never stops (sscratch is 0 in the kernel).
end
