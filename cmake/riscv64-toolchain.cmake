# Cross toolchain for cowkernel: a riscv64 GCC, used freestanding (no libc).
#
# The prefix is, in this order: -DCOWKERNEL_CROSS_PREFIX=... (a name prefix
# such as riscv64-elf-, or a path prefix such as /opt/rv/bin/riscv64-elf-),
# else $CROSS_COMPILE (the Linux kernel's convention), else the first of the
# common prefixes below whose gcc is on PATH. Debian's is first; the others
# are what the usual toolchain builds and distributions name theirs.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

set(_cowkernel_prefixes
  riscv64-linux-gnu- riscv64-unknown-elf- riscv64-elf- riscv64-unknown-linux-gnu-)

# The toolchain file is read again for every try_compile project: pass the
# chosen prefix on, so that every read picks the same one.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES COWKERNEL_CROSS_PREFIX)

unset(_cowkernel_how)   # (set by an earlier read of this file)
if(NOT COWKERNEL_CROSS_PREFIX)
  if(DEFINED ENV{CROSS_COMPILE} AND NOT "$ENV{CROSS_COMPILE}" STREQUAL "")
    set(_cowkernel_prefix "$ENV{CROSS_COMPILE}")
    set(_cowkernel_how "from CROSS_COMPILE")
  else()
    foreach(_p IN LISTS _cowkernel_prefixes)
      # (not NO_CACHE: that needs CMake 3.21)
      unset(_cowkernel_gcc CACHE)
      find_program(_cowkernel_gcc NAMES ${_p}gcc)
      if(_cowkernel_gcc)
        set(_cowkernel_prefix ${_p})
        set(_cowkernel_how "found on PATH")
        break()
      endif()
    endforeach()
    if(NOT _cowkernel_prefix)
      string(REPLACE ";" "gcc, " _tried "${_cowkernel_prefixes}")
      message(FATAL_ERROR
        "cowkernel: no riscv64 cross compiler on PATH (tried ${_tried}gcc). "
        "On Debian 12, tools/setup installs one (gcc-riscv64-linux-gnu). "
        "Elsewhere pass the prefix: -DCOWKERNEL_CROSS_PREFIX=riscv64-elf- "
        "(or a path, /opt/riscv/bin/riscv64-unknown-elf-), or set CROSS_COMPILE.")
    endif()
  endif()
  set(COWKERNEL_CROSS_PREFIX "${_cowkernel_prefix}" CACHE STRING
    "Cross toolchain prefix (riscv64-linux-gnu-, riscv64-elf-, /path/to/riscv64-unknown-elf-, ...)")
  set(_COWKERNEL_CROSS_CHOSEN "${_cowkernel_prefix}" CACHE INTERNAL "")
elseif(NOT COWKERNEL_CROSS_PREFIX STREQUAL _COWKERNEL_CROSS_CHOSEN)
  set(_cowkernel_how "from COWKERNEL_CROSS_PREFIX")
  set(_COWKERNEL_CROSS_CHOSEN "${COWKERNEL_CROSS_PREFIX}" CACHE INTERNAL "")
endif()

unset(_cowkernel_gcc CACHE)
find_program(_cowkernel_gcc NAMES ${COWKERNEL_CROSS_PREFIX}gcc)
if(NOT _cowkernel_gcc)
  message(FATAL_ERROR "cowkernel: ${COWKERNEL_CROSS_PREFIX}gcc not found "
    "(cross prefix '${COWKERNEL_CROSS_PREFIX}'); fix -DCOWKERNEL_CROSS_PREFIX or CROSS_COMPILE, "
    "or run tools/setup (Debian 12)")
endif()
unset(_cowkernel_gcc CACHE)
# Said when the choice is made, not again on every read of this file (CMake
# reads it more than once per configure) nor on a reconfigure.
if(_cowkernel_how)
  message(STATUS "cowkernel: cross toolchain ${COWKERNEL_CROSS_PREFIX} (${_cowkernel_how})")
endif()

set(CMAKE_C_COMPILER ${COWKERNEL_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${COWKERNEL_CROSS_PREFIX}gcc)
set(CMAKE_OBJCOPY ${COWKERNEL_CROSS_PREFIX}objcopy)
# A Debug build is for stepping through in gdb: no optimisation at all.
set(CMAKE_C_FLAGS_DEBUG_INIT "-O0 -g")
set(CMAKE_ASM_FLAGS_DEBUG_INIT "-g")
# Nothing links against a host libc: test compiles build static libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
