#!/bin/sh
# bench/limits.sh - the cost of the per_source and rate options (issue
# 16), after `make` and `make tests/limits_driver bench/spawner
# bench/bench_service`, as root (private mount namespace: the tables are
# bind-mounted over /etc/hosts.allow and /etc/hosts.deny, a tmpfs over
# /run holds the state file; nothing on the host changes).
#
# 1. tests/limits_driver bench: one check of "per_source 16 : rate
#    1000000/60" with 10,000 other sources tracked, with the state file
#    opened and closed around it (what a tcpd process pays) and kept open
#    (a daemon that links the library).
# 2. bench/spawner: N sequential loopback connections through our tcpd
#    to bench/bench_service, the rule without limits and with them, and
#    with them while tests/limits_driver floods the state file with
#    distinct IPv6 sources from another process (taking the lock for
#    each). Median of three rounds, per connection.

TOP=${TOP:-$(pwd)}
N=${LIMITS_CONNECTIONS:-2000}
for program in "$TOP/tcpd" "$TOP/tests/limits_driver" "$TOP/bench/spawner" "$TOP/bench/bench_service"; do
    [ -x "$program" ] || { echo "limits bench: $program missing (make, make tests/limits_driver bench/spawner bench/bench_service)"; exit 1; }
done
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null || [ ! -f /etc/hosts.allow ] || [ ! -f /etc/hosts.deny ]; then
    echo "limits bench: n/a (needs root, unshare, and /etc/hosts.allow and /etc/hosts.deny to bind-mount over)"
    exit 0
fi
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
echo 'ALL: ALL' > "$work/deny"
: > "$work/empty"
: > "$work/allow"	# rewritten in place: the bind mount follows

env -u LD_LIBRARY_PATH timeout 900 unshare -m sh -c '
    set -e
    top=$1 work=$2 n=$3
    mount --bind "$work/allow" /etc/hosts.allow
    mount --bind "$work/deny" /etc/hosts.deny
    mount -t tmpfs -o mode=755 tmpfs /run
    if [ -e /dev/log ]; then mount --bind "$work/empty" /dev/log || true; fi
    set +e
    "$top/tests/limits_driver" bench /run/tcpd/limits 10000 20000
    for round in 1 2 3; do
        echo "bench_service: ALL : allow" > "$work/allow"
        echo "off $("$top/bench/spawner" "$n" "$top/tcpd" "$top/bench/bench_service")"
        echo "bench_service: ALL : per_source 16 : rate 1000000/60 : allow" > "$work/allow"
        echo "on $("$top/bench/spawner" "$n" "$top/tcpd" "$top/bench/bench_service")"
        "$top/tests/limits_driver" flood /run/tcpd/limits 100000000 > /dev/null &
        flood=$!
        echo "flood $("$top/bench/spawner" "$n" "$top/tcpd" "$top/bench/bench_service")"
        kill $flood
        wait $flood 2>/dev/null
    done
    "$top/tests/limits_driver" stats /run/tcpd/limits
' sh "$TOP" "$work" "$N" > "$work/out" 2> "$work/err"

cat "$work/out" | grep -v '^off \|^on \|^flood '
awk '
    /^(off|on|flood) / { for (i = 2; i <= NF; i++) if ($i ~ /^ns_per_conn=/) {
        split($i, kv, "="); t[$1, ++n[$1]] = kv[2] }
        for (i = 2; i <= NF; i++) if ($i ~ /^served=/) { split($i, kv, "="); s[$1] = kv[2] } }
    function median(k,   a, i, j, m, x) {
        m = n[k]; for (i = 1; i <= m; i++) a[i] = t[k, i]
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
        return a[int((m + 1) / 2)] }
    END {
        if (!n["off"] || !n["on"]) { print "tcpd connections: n/a (see the errors)"; exit }
        off = median("off"); on = median("on"); fl = n["flood"] ? median("flood") : 0
        printf "tcpd, limits off:            %8.1f us per connection, %6.0f connections/s (served %s)\n", off / 1000, 1e9 / off, s["off"]
        printf "tcpd, limits on:             %8.1f us per connection, %6.0f connections/s (served %s)\n", on / 1000, 1e9 / on, s["on"]
        if (fl) printf "tcpd, limits on, under flood: %7.1f us per connection, %6.0f connections/s (served %s)\n", fl / 1000, 1e9 / fl, s["flood"]
        printf "the limits add %.1f us per tcpd connection (%.1f under the flood)\n", (on - off) / 1000, (fl - off) / 1000
    }' "$work/out"
[ -s "$work/err" ] && { echo "errors:"; head -5 "$work/err"; }
exit 0
