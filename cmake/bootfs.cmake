# The boot image: every user program and the README (fs/bootimage/README),
# embedded in the kernel's .rodata; at boot they become the first files of
# the file system's root directory (fs/bootfs.c).
#
#   include(cmake/bootfs.cmake)
#   cowkernel_add_bootfs(kernel)
#
# Call it after add_subdirectory(user) and after add_executable(kernel ...):
# it reads the global properties COWKERNEL_USER_ELFS / COWKERNEL_USER_TARGETS
# (user/CMakeLists.txt) as they stand then. tools/mkbootfs turns the list into
# ${CMAKE_BINARY_DIR}/bootfs_image.S (.incbin of each file), which becomes a
# kernel source. With no programs the table is empty and the kernel links.
#
# Dependencies: the assembler's depfile cannot see .incbin, so the object is
# given every ELF as OBJECT_DEPENDS: a relinked program is re-embedded. The
# targets are also ordered before the kernel so the ELFs exist in time.

set(COWKERNEL_MKBOOTFS ${CMAKE_CURRENT_LIST_DIR}/../tools/mkbootfs)
get_filename_component(COWKERNEL_MKBOOTFS ${COWKERNEL_MKBOOTFS} ABSOLUTE)
# Files that are not programs, packed beside them.
get_filename_component(COWKERNEL_BOOT_FILES ${CMAKE_CURRENT_LIST_DIR}/../fs/bootimage/README
  ABSOLUTE)

function(cowkernel_add_bootfs KERNEL_TARGET)
  get_property(files GLOBAL PROPERTY COWKERNEL_USER_ELFS)
  list(APPEND files ${COWKERNEL_BOOT_FILES})
  get_property(targets GLOBAL PROPERTY COWKERNEL_USER_TARGETS)
  set(image ${CMAKE_BINARY_DIR}/bootfs_image.S)

  # One image for every kernel variant (kernel, kernel-bench).
  get_property(have_rule GLOBAL PROPERTY COWKERNEL_BOOTFS_RULE)
  if(NOT have_rule)
    add_custom_command(
      OUTPUT ${image}
      COMMAND bash ${COWKERNEL_MKBOOTFS} ${image} ${files}
      DEPENDS ${COWKERNEL_MKBOOTFS} ${targets} ${COWKERNEL_BOOT_FILES}
      COMMENT "Packing ${CMAKE_BINARY_DIR}/bootfs_image.S (boot image)"
      VERBATIM)
    set_property(GLOBAL PROPERTY COWKERNEL_BOOTFS_RULE TRUE)
  endif()

  target_sources(${KERNEL_TARGET} PRIVATE ${image})
  set_source_files_properties(${image} PROPERTIES
    GENERATED TRUE
    OBJECT_DEPENDS "${files}")
  if(targets)
    add_dependencies(${KERNEL_TARGET} ${targets})
  endif()
endfunction()
