# tests/bans.sh - sourced (after tests/ns.sh, inside ns_enter) by the
# tests of the ban tools (fail2ban.test, sshguard.test, boobytrap.test):
# a small private network, openbsd-inetd with our tcpd in front of a
# service, and clients that come from the addresses a test chooses.
#
# bans_net makes a veth pair: one end, srv0, stays in the test's own
# network namespace (tests/ns.sh) with the server's addresses; the other,
# cli0, goes into a second network namespace made here, "outside", which
# holds the clients' addresses: a good client, an attacker and a host
# near it (in 10.9.0.64/26 and fd09::40/122 with the attacker, where the
# good client is not), IPv4 and IPv6, all private (10.9.0.0/24,
# fd09::/64) and inside these namespaces only. The tools refuse to ban
# the host's own addresses (sshguard always whitelists loopback), so the
# attacker is another host. Clients run in "outside" (nsenter) and bind
# the address they come from.
#
# bans_inetd starts openbsd-inetd (foreground, private inetd.conf) with
# our tcpd in front of two services, svc and other, each a script that
# says "served by NAME": svc on SERVER4 and SERVER6 port 7301, other on
# SERVER4 port 7302.

SERVER4=10.9.0.1 GOOD4=10.9.0.7 BAD4=10.9.0.66 NEAR4=10.9.0.68
SERVER6=fd09::1 GOOD6=fd09::7 BAD6=fd09::66 NEAR6=fd09::44
INETD=${INETD:-/usr/sbin/inetd}

# bans_need PROGRAM PACKAGE - SKIP the whole script when PROGRAM is absent
bans_need() {
    [ -x "$1" ] && return 0
    echo "SKIP: $NS_WHAT ($1 is not installed: package $2)"
    exit 0
}

# bans_built PROGRAM... - FAIL the whole script when one is not built
bans_built() {
    for bans_program; do
        [ -x "$bans_program" ] && continue
        echo "FAIL: $NS_WHAT ($bans_program is missing: make check builds it)"
        exit 0
    done
}

# bans_net - the veth pair and the "outside" namespace (see above)
bans_net() {
    unshare -n sleep 100000 &
    OUTSIDE=$!
    wait_for sh -c "[ \"\$(readlink /proc/$OUTSIDE/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]" || {
        echo "FAIL: $NS_WHAT (no second network namespace)"; exit 0; }
    if ! ip link add srv0 type veth peer name cli0 netns "$OUTSIDE" 2>"$D/veth.err"; then
        echo "SKIP: $NS_WHAT (cannot make a veth pair: $(cat "$D/veth.err"))"
        exit 0
    fi
    ip addr add "$SERVER4/24" dev srv0 &&
    ip -6 addr add "$SERVER6/64" dev srv0 nodad &&
    ip link set srv0 up &&
    outside ip link set lo up &&
    outside ip addr add "$GOOD4/24" dev cli0 &&
    outside ip addr add "$BAD4/24" dev cli0 &&
    outside ip -6 addr add "$GOOD6/64" dev cli0 nodad &&
    outside ip -6 addr add "$BAD6/64" dev cli0 nodad &&
    outside ip addr add "$NEAR4/24" dev cli0 &&
    outside ip -6 addr add "$NEAR6/64" dev cli0 nodad &&
    outside ip link set cli0 up || { echo "FAIL: $NS_WHAT (cannot set up the veth pair)"; exit 0; }
}

# outside COMMAND... - run COMMAND in the clients' network namespace
outside() {
    nsenter -t "$OUTSIDE" -n "$@"
}

# bans_inetd [LINES] - start openbsd-inetd with tcpd in front of svc and
# other, and the inetd.conf LINES a test adds
bans_inetd() {
    mkdir -p -m 755 "$D/bin"
    for bans_name in svc other; do
        printf '#!/bin/sh\necho "served by $(basename "$0")"\n' > "$D/bin/$bans_name"
        chmod 755 "$D/bin/$bans_name"
    done
    cat > "$D/inetd.conf" <<EOF2
$SERVER4:7301 stream tcp nowait root $TOP/tcpd $D/bin/svc
[$SERVER6]:7301 stream tcp6 nowait root $TOP/tcpd $D/bin/svc
$SERVER4:7302 stream tcp nowait root $TOP/tcpd $D/bin/other
${1:-}
EOF2
    "$INETD" -d "$D/inetd.conf" > "$D/inetd.err" 2>&1 &
    INETD_PID=$!
    # the link may take a moment to carry traffic
    wait_for gets "$GOOD4" 7301 svc && wait_for gets "$GOOD6" 7301 svc ||
        { echo "FAIL: openbsd-inetd with our tcpd serves a good client over the veth pair"
          cat "$D/inetd.err"; ns_failed=1; ns_finish; }
}

# attempt FROM PORT NAME - one client from FROM to the server's address
# of its family on PORT; prints "served" as soon as it got "served by
# NAME", "refused" as soon as tcpd logged its refusal under NAME (a new
# line since the attempt) while the client got nothing, else what the
# client got by the time it ended (or 20 s passed). tcpd pauses 5 s
# before it closes a refused connection (refuse.c): the client is not
# kept waiting for that, so a wait for a ban to end polls quickly.
attempt() {
    case $1 in
    *:*) attempt_server=$SERVER6 ;;
    *) attempt_server=$SERVER4 ;;
    esac
    attempt_before=$(grep -c "" "$NS_LOG")
    attempt_ere=$(printf '%s' "$1" | sed 's/\./\\./g')
    : > "$D/attempt.out"
    outside timeout 20 "$TOP/tests/client" -b "$1" "$attempt_server" "$2" \
        > "$D/attempt.out" 2>> "$D/client.err" &
    attempt_pid=$!
    attempt_result=
    for attempt_try in $(seq 210); do
        if [ "$(cat "$D/attempt.out")" = "served by $3" ]; then
            attempt_result=served
        elif tail -n +"$((attempt_before + 1))" "$NS_LOG" |
            grep -Eq "^<[0-9]+>.* $3\[[0-9]+\]: refused connect from \[?$attempt_ere\]?( |$)"; then
            [ -s "$D/attempt.out" ] || attempt_result=refused
        elif running "$attempt_pid"; then
            sleep 0.1
            continue
        elif [ "$(cat "$D/attempt.out")" = "served by $3" ]; then
            attempt_result=served		# it ended just after the first look
        fi
        break
    done
    kill "$attempt_pid" 2>/dev/null
    wait "$attempt_pid" 2>/dev/null
    echo "${attempt_result:-got: $(cat "$D/attempt.out")}"
}

# running PID - process PID (a child) has not ended
running() {
    [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# gets FROM PORT NAME - a client from FROM is served by NAME on PORT
gets() {
    [ "$(attempt "$@")" = served ]
}

# refused FROM PORT NAME - a client from FROM is refused on PORT: tcpd
# logs the refusal under NAME and the client gets nothing
refused() {
    [ "$(attempt "$@")" = refused ]
}

# within MS COMMAND... - run COMMAND until it succeeds, for up to MS
# milliseconds (50 ms apart)
within() {
    within_end=$(($(date +%s%N) + $1 * 1000000))
    shift
    while :; do
        "$@" && return 0
        [ "$(date +%s%N)" -ge "$within_end" ] && return 1
        sleep 0.05
    done
}

# wait_until SECONDS COMMAND... - the same, for up to SECONDS
wait_until() {
    wait_until_seconds=$1
    shift
    within $((wait_until_seconds * 1000)) "$@"
}

# has FILE ERE - FILE exists and has a line matching ERE
has() {
    [ -f "$1" ] && grep -Eq "$2" "$1"
}

# lacks FILE ERE - FILE does not exist or has no line matching ERE
lacks() {
    ! has "$1" "$2"
}

# expiry_of FILE ADDRESS-ERE - the expiry of the ban of ADDRESS, in
# seconds since the epoch
expiry_of() {
    sed -En "s/^[^:]*: \\[?$2\\]? : expires ([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z.*/\\1-\\2-\\3 \\4:\\5:\\6 UTC/p" "$1" |
        head -n 1 | { read -r expiry_when && date -d "$expiry_when" +%s; }
}

# near ACTUAL WANTED SLACK - ACTUAL is WANTED give or take SLACK
near() {
    [ -n "$1" ] && [ "$1" -ge $(($2 - $3)) ] && [ "$1" -le $(($2 + $3)) ]
}

# between ACTUAL LOW HIGH - LOW <= ACTUAL <= HIGH
between() {
    [ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}
