# Sourced by tools/run and tools/check: make sure the tools are installed,
# then configure (once) and build the tree.
#
# build_tree ROOT BUILD: set up, configure BUILD with Ninja if it is not
# configured yet, and build it.
#
# The tools only build with Ninja (they call ninja, and the docs' commands
# are `ninja -C build ...`). A directory configured with another generator
# (`cmake -S . -B build` picks Unix Makefiles) is not converted: CMake
# refuses to switch generators in place, and deleting the directory would
# lose what else is in it (build/bench results, say). So stop, exit 2 and
# say what to do.
build_tree() {
  local root="$1" build="$2" gen
  if [ -f "$build/CMakeCache.txt" ]; then
    gen=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$build/CMakeCache.txt")
    if [ "$gen" != Ninja ]; then
      echo "${0##*/}: $build is configured for '$gen', but the tools build with Ninja:" \
           "rm -rf $build (or set COWKERNEL_BUILD_DIR to another directory) and run tools/${0##*/} again" >&2
      exit 2
    fi
  fi
  "$root/tools/setup"
  [ -f "$build/build.ninja" ] || cmake -S "$root" -B "$build" -G Ninja
  ninja -C "$build"
}
