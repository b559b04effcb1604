# tests/daemon.sh - sourced (after tests/ns.sh) by the tests/daemon-*.test
# scripts, which run Debian's own programs that link libwrap0 once on
# Debian's library and once on ours, and assert the same verdicts.
#
# A run is named by LIB: "ours" puts $TOP first in LD_LIBRARY_PATH (the
# dynamic linker then maps $TOP/libwrap.so.0.7.6), "debian" leaves the
# environment alone. maps_lib LIB PID tells whether a running process
# has that library mapped (and no other libwrap); ldso_quiet FILE says
# that the dynamic linker complained of nothing (a copy relocation whose
# size differs, a symbol we lack) in the stderr saved in FILE.

OUR_LIB=$TOP/libwrap.so.0.7.6

# need PROGRAM PACKAGE - SKIP the whole script when PROGRAM is absent
need() {
    [ -x "$1" ] && return 0
    echo "SKIP: $NS_WHAT ($1 is not installed: package $2)"
    exit 0
}

# on_lib LIB COMMAND... - exec COMMAND on our library or Debian's. It
# replaces the shell it runs in: use it as `on_lib ... &` (then $! is
# COMMAND's pid) or in a subshell.
on_lib() {
    if [ "$1" = ours ]; then
        shift
        exec env LD_LIBRARY_PATH="$TOP" "$@"
    fi
    shift
    exec "$@"
}

# maps_lib LIB PID - process PID has LIB's libwrap mapped, and no other
maps_lib() {
    grep -q 'libwrap\.so' "/proc/$2/maps" || return 1
    if [ "$1" = ours ]; then
        ! grep 'libwrap\.so' "/proc/$2/maps" | grep -vq " $OUR_LIB\$"
    else
        ! grep -q " $OUR_LIB\$" "/proc/$2/maps"
    fi
}

# ldso_quiet FILE... - no dynamic linker complaint in the FILEs
ldso_quiet() {
    ! cat "$@" | grep -Eq 'different size|undefined symbol|symbol lookup error|relocation error|version .* not found'
}

# try LIB CLIENT-ARGS... - one tests/client run; appends "CLIENT-ARGS:
# what it got" to $D/LIB.got, what it got passed through the command
# TRY_FILTER (a test sets it after sourcing this file to cut a banner
# short, say)
TRY_FILTER=cat
try() {
    try_lib=$1
    shift
    printf '%s: %s\n' "$*" "$(timeout 20 "$TOP/tests/client" "$@" 2>/dev/null | $TRY_FILTER)" >> "$D/$try_lib.got"
}

# same_file A B - A and B have the same content (ours against Debian's)
same_file() {
    cmp -s "$1" "$2"
}

# same_log DEBIAN OURS - the same log lines on both libraries, but for the
# "decided:" lines (which rule decided) that only our library logs (and
# our tcpd, which some tests run beside Debian's library), of which OURS
# must have one at least
same_log() {
    grep -q ': decided: ' "$2" || return 1
    grep -v ': decided: ' "$1" > "$1.undecided"
    grep -v ': decided: ' "$2" | cmp -s "$1.undecided" -
}

# gone PID - process PID has exited (a zombie not yet reaped counts)
gone() {
    [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null || [ ! -e "/proc/$1" ]
}

# stop PID - end a daemon we started (bounded), and reap it
stop() {
    kill "$1" 2>/dev/null
    wait_for gone "$1" || kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}

# A SANITIZE=1 build cannot be loaded by uninstrumented programs (the
# sanitizer runtime must come first): say so instead of failing.
if ldd "$OUR_LIB" 2>/dev/null | grep -q 'libasan'; then
    echo "SKIP: $NS_WHAT ($OUR_LIB is a sanitizer build; Debian's programs cannot load it)"
    exit 0
fi
