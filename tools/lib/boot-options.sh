# Sourced by tools/qemu-boot and tools/run: the options of tools/qemu-boot,
# parsed and checked in one place, so that tools/run rejects a bad one
# before it spends time building. Needs lib/common.sh.
#
# parse_boot_options "$@" sets kernel, machine, smp, mem, timeout_s, gdb,
# gdb_port and icount (the caller sets their defaults first) and the array
# cmdline (the kernel command line words). A bad option exits 2 (usage_error).

# The machines tools/qemu-boot knows, and how many harts the kernel can run
# on in each: sifive_u has one monitor core (E51) and at most 4 U54s.
BOOT_MACHINES="virt sifive_u"
SIFIVE_U_MAX_HARTS=4
parse_boot_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --kernel) need_value "$@"; kernel="$2"; shift 2 ;;
      --machine)
        need_value "$@"
        [[ " $BOOT_MACHINES " == *" $2 "* ]] ||
          usage_error "--machine wants one of: $BOOT_MACHINES, not '$2'"
        machine="$2"; shift 2 ;;
      --smp)
        need_value "$@"
        is_posint "$2" || usage_error "--smp wants a positive number of harts, not '$2'"
        smp="$2"; shift 2 ;;
      --mem)
        need_value "$@"
        # QEMU's -m syntax: a number of MiB, or a number with a K/M/G/T suffix.
        [[ "$2" =~ ^[1-9][0-9]*[KMGTkmgt]?$ ]] ||
          usage_error "--mem wants a size such as 128M, 1G or 512 (MiB), not '$2'"
        mem="$2"; shift 2 ;;
      --timeout)
        need_value "$@"
        is_uint "$2" || usage_error "--timeout wants whole seconds (0 = none), not '$2'"
        timeout_s="$2"; shift 2 ;;
      --icount) icount=1; shift ;;
      --gdb) gdb=1; shift ;;
      --gdb-port)
        need_value "$@"
        { is_posint "$2" && [ "$2" -le 65535 ]; } || usage_error "--gdb-port wants a TCP port (1-65535), not '$2'"
        gdb=1; gdb_port="$2"; shift 2 ;;
      -h|--help) show_help; exit 0 ;;
      --) shift; break ;;
      -*) usage_error "unknown option $1" ;;
      *) break ;;
    esac
  done
  cmdline=("$@")
  if [ "${machine:-virt}" = sifive_u ] && [ -n "${smp:-}" ] && [ "$smp" -gt "$SIFIVE_U_MAX_HARTS" ]; then
    usage_error "--machine sifive_u has at most $SIFIVE_U_MAX_HARTS harts that run the kernel, not $smp"
  fi
}
