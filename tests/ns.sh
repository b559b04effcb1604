# tests/ns.sh - sourced by tests that run our programs for real: a private
# network, private system files and a private syslog, with nothing on the
# host changed.
#
# ns_enter re-runs the calling script as PID 1 of new network, mount, UTS
# and PID namespaces (`unshare -n -m -u -p -f`): its loopback is its own
# (with 127.0.0.1, 127.0.0.2 and ::1), so are its host and NIS domain
# names, and every process it starts dies with it.
# Inside, files live in a tmpfs mounted on $NS_DIR (made by the outer run,
# removed when it ends).
#
# ns_overlay DIR makes DIR writable in this mount namespace only: an
# overlay whose lower layer is the real DIR and whose upper layer is in
# the tmpfs. This works whether or not a file we replace exists on the
# host (/etc/hosts.allow, /dev/log, /usr/bin/finger may all be missing),
# where bind-mounting over a file would need the file to exist. The real
# /etc/hosts.allow and /etc/hosts.deny are never touched.
#
# ns_syslog starts tests/logcatch on a private /dev/log; its lines (with
# their "<priority>") collect in $NS_LOG.

# ns_enter - re-run "$0" inside the namespaces, or SKIP the whole script
ns_enter() {
    [ -n "$NS_DIR" ] && [ "$$" -eq 1 ] && return 0
    if ! command -v unshare >/dev/null || ! command -v ip >/dev/null; then
        echo "SKIP: $NS_WHAT (needs unshare and ip: util-linux, iproute2)"
        exit 0
    fi
    if ! unshare -n -m -u -p -f --mount-proc true 2>/dev/null; then
        echo "SKIP: $NS_WHAT (cannot create namespaces: not root or not allowed)"
        exit 0
    fi
    NS_DIR=$(mktemp -d) || exit 1
    export NS_DIR
    timeout 300 unshare -n -m -u -p -f --mount-proc --kill-child sh "$0" "$@"
    status=$?
    rmdir "$NS_DIR"
    exit $status
}

# ns_setup - inside: loopback up, the tmpfs for our files
ns_setup() {
    mount -t tmpfs -o mode=755 tmpfs "$NS_DIR" || exit 1
    mkdir "$NS_DIR/overlay" || exit 1
    ip link set lo up || exit 1
    NS_LOG=$NS_DIR/syslog
}

# ns_overlay DIR - make DIR privately writable (see above)
ns_overlay() {
    ns_layer=$NS_DIR/overlay/$(echo "$1" | tr / _)
    mkdir -p "$ns_layer/upper" "$ns_layer/work" || exit 1
    mount -t overlay overlay \
        -o "lowerdir=$1,upperdir=$ns_layer/upper,workdir=$ns_layer/work" "$1" || {
        echo "SKIP: $NS_WHAT (cannot mount an overlay over $1)"
        exit 0
    }
}

# ns_file PATH - replace PATH (in an overlay) with standard input. The old
# file is removed first: were it a symbolic link (resolv.conf often is),
# writing through it could change a file outside the overlay.
ns_file() {
    rm -f "$1" && cat > "$1"
}

# ns_hosts LINES... - a private /etc/hosts, looked up from files only
ns_hosts() {
    printf '%s\n' "$@" | ns_file /etc/hosts
    { printf 'hosts: files\n'
      grep -v '^hosts:' /etc/nsswitch.conf 2>/dev/null; } > "$NS_DIR/hosts.nss"
    ns_file /etc/nsswitch.conf < "$NS_DIR/hosts.nss"
    ns_file /etc/resolv.conf < /dev/null
}

# ns_syslog - catch syslog messages sent to /dev/log in $NS_LOG
ns_syslog() {
    ns_overlay /dev
    rm -f /dev/log
    : > "$NS_LOG"
    "$TOP/tests/logcatch" /dev/log "$NS_LOG" &
    wait_for test -S /dev/log || { echo "FAIL: syslog catcher starts"; exit 1; }
    chmod 666 /dev/log
}

# wait_for COMMAND... - run COMMAND until it succeeds, for up to 10 s
wait_for() {
    for wait_try in $(seq 100); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# log_has ERE - wait (bounded) until a syslog line matches ERE
log_has() {
    wait_for grep -Eq "$1" "$NS_LOG"
}

# check WHAT COMMAND... - PASS or FAIL on the status of COMMAND
check() {
    check_what=$1
    shift
    if "$@"; then
        echo "PASS: $check_what"
    else
        echo "FAIL: $check_what (failed: $*)"
        ns_failed=1
    fi
}

# ns_finish - after a failure, show what was logged; exit
ns_finish() {
    if [ -n "$ns_failed" ] && [ -s "$NS_LOG" ]; then
        echo "syslog of this run:"
        sed 's/^/    /' "$NS_LOG"
    fi
    exit 0
}
