# Sourced by the tools: help text, usage errors, option values.
# Every tool exits 2 on a usage error, so that a caller can tell "you called
# me wrong" from a failed test (1) or a kernel verdict.

# show_help: print the script's leading comment block (everything after the
# #! line up to the first line that is not a comment), without the "# ".
# The header is the help, so the two cannot drift apart when it changes.
show_help() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}

# usage_error MESSAGE...: one line on stderr, exit status 2.
usage_error() {
  echo "${0##*/}: $* (see tools/${0##*/} --help)" >&2
  exit 2
}

# need_value "$@": called on an option's arm of a case; the option must be
# followed by a value (otherwise `set -u` would fail with "$2: unbound").
need_value() {
  [ $# -ge 2 ] || usage_error "$1 needs a value"
}

# Value checks: is_uint 0, 17; is_posint 1, 17.
is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_posint() { [[ "$1" =~ ^[0-9]+$ ]] && [[ "$1" =~ [1-9] ]]; }

# cross_prefix BUILD_DIR: the cross toolchain prefix that BUILD_DIR was
# configured with (cmake/riscv64-toolchain.cmake), or Debian's.
cross_prefix() {
  local p=""
  [ -f "$1/CMakeCache.txt" ] && p=$(sed -n 's/^COWKERNEL_CROSS_PREFIX:[A-Z]*=//p' "$1/CMakeCache.txt")
  echo "${p:-riscv64-linux-gnu-}"
}
