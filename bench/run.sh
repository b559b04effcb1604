#!/bin/sh
# bench/run.sh - the benchmarks of issue 8: our libwrap and tcpd against
# Debian's, side by side, in one table (run by `make bench`, after `make`).
#
# 1. bench/gen_tables writes DenyHosts and fail2ban hosts.deny tables and
#    a mixed hosts.allow of 1k, 10k and 100k lines into a private
#    directory (never /etc).
# 2. bench/driver (built against the system's tcpd.h, linked -lwrap) runs
#    each case twice, once with LD_LIBRARY_PATH at our libwrap.so.0 and
#    once at Debian's: one-shot (a fresh process per call, less a process
#    that makes no call), resident (one process asking again and again),
#    peak RSS.
# 3. bench/spawner, an inetd-like super-server, runs N sequential
#    loopback connections to bench/bench_service directly, through our
#    tcpd and through Debian's, inside `unshare -m` with private tables
#    bind-mounted over /etc/hosts.allow and /etc/hosts.deny.
# Environment: TOP (the tree, default .), BENCH_SECONDS (time budget per
# measurement, default 1), BENCH_CONNECTIONS (default 200), BENCH_RAW (a
# file to keep the raw key=value results in).

TOP=${TOP:-$(pwd)}
B=$TOP/bench
SECONDS_PER=${BENCH_SECONDS:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-200}
BIG_CONNECTIONS=$((CONNECTIONS / 5))
UNLISTED=192.0.2.1			# in no generated table
LAST=203.0.113.7			# on the last line of every generated table

for program in gen_tables driver spawner bench_service exec_only read_files; do
    if [ ! -x "$B/$program" ]; then
	echo "bench/run.sh: $B/$program is missing: run 'make bench'" >&2
	exit 2
    fi
done

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
raw=$work/raw
: >"$raw"

# Where the two libraries are.
ours_dir=$TOP
debian_dir=$(ldconfig -p 2>/dev/null |
    awk '$1 == "libwrap.so.0" && /x86-64/ { print $NF; exit }')
debian_dir=${debian_dir%/*}
[ -n "$debian_dir" ] || debian_dir=/usr/lib/x86_64-linux-gnu

# loaded_libwrap DIR - the libwrap.so.0 the driver really loads from DIR
loaded_libwrap() {
    LD_LIBRARY_PATH=$1 ldd "$B/driver" 2>/dev/null |
	awk '$1 == "libwrap.so.0" { print $3 }'
}
ours_lib=$(loaded_libwrap "$ours_dir")
debian_lib=$(loaded_libwrap "$debian_dir")
case $ours_lib in
"$TOP"/*) ;;
*) echo "note: our libwrap.so.0 is not built ($TOP/libwrap.so.0): ours is n/a"
   ours_lib= ;;
esac
case $debian_lib in
"$TOP"/* | "") echo "note: Debian's libwrap.so.0 not found (apt-get install libwrap0): Debian's is n/a"
   debian_lib= ;;
esac

# The tables.
: >"$work/empty"
echo "ALL: ALL" >"$work/deny-all"
for n in 1000 10000 100000; do
    "$B/gen_tables" denyhosts $n 1 >"$work/denyhosts-$n" || exit 1
done
"$B/gen_tables" fail2ban 100000 2 >"$work/fail2ban-100000" || exit 1
"$B/gen_tables" allow 10000 3 >"$work/allow-10000" || exit 1
"$B/gen_tables" allow 100000 3 >"$work/allow-100000" || exit 1
# Ban files as tcpdban writes them, in a drop-in directory of their own.
mkdir "$work/bans.d" "$work/bans6.d" && : >"$work/bans" && : >"$work/bans6" || exit 1
"$B/gen_tables" bans 100000 4 >"$work/bans.d/bans" || exit 1
"$B/gen_tables" bans-mixed 100000 5 >"$work/bans6.d/bans" || exit 1
# A drop-in directory of 100 DenyHosts files of 1000 lines beside an empty
# hosts.deny (Debian's library reads only the empty file).
mkdir "$work/dropin.d" && : >"$work/dropin" || exit 1
for i in $(seq -w 1 100); do
    "$B/gen_tables" denyhosts 1000 "$i" >"$work/dropin.d/bans$i" || exit 1
done

# run_case ID LINES DRIVER-ARGS... - one case on both libraries, into $raw
run_case() {
    id=$1 lines=$2
    shift 2
    for lib in ours debian; do
	eval "libfile=\$${lib}_lib dir=\$${lib}_dir"
	[ -n "$libfile" ] || continue
	result=$(LD_LIBRARY_PATH=$dir timeout 300 "$B/driver" -t "$SECONDS_PER" "$@") ||
	    result="failed=1"
	echo "$id $lib lines=$lines $result" >>"$raw"
    done
}

W=$work
run_case dh1k 1000 -a $W/empty -d $W/denyhosts-1000 -s sshd -c $UNLISTED
run_case dh10k 10000 -a $W/empty -d $W/denyhosts-10000 -s sshd -c $UNLISTED
run_case dh100k 100000 -a $W/empty -d $W/denyhosts-100000 -s sshd -c $UNLISTED
run_case dh100k_acc 100000 -m access -a $W/empty -d $W/denyhosts-100000 -s sshd -c $UNLISTED
run_case dh100k_end 100000 -a $W/empty -d $W/denyhosts-100000 -s sshd -c $LAST
run_case dh100k_end_acc 100000 -m access -a $W/empty -d $W/denyhosts-100000 -s sshd -c $LAST
run_case dh100k_nd 100000 -a $W/empty -d $W/denyhosts-100000 -s in.telnetd -c $UNLISTED
run_case dh100k_nd_acc 100000 -m access -a $W/empty -d $W/denyhosts-100000 -s in.telnetd -c $UNLISTED
run_case f2b100k 100000 -a $W/empty -d $W/fail2ban-100000 -s sshd -c $UNLISTED
run_case f2b100k_acc 100000 -m access -a $W/empty -d $W/fail2ban-100000 -s sshd -c $UNLISTED
run_case allow10k 10000 -a $W/allow-10000 -d $W/deny-all -s sshd -c $UNLISTED -n host1.unlisted.example
run_case allow100k 100000 -a $W/allow-100000 -d $W/deny-all -s sshd -c $UNLISTED -n host1.unlisted.example
run_case allow100k_end 100000 -a $W/allow-100000 -d $W/deny-all -s sshd -c $LAST -n last.client.example
run_case dropin100 100000 -a $W/empty -d $W/dropin -s sshd -c $UNLISTED
run_case bans4 100000 -a $W/empty -d $W/bans -s sshd -c $UNLISTED
run_case bans4_end 100000 -a $W/empty -d $W/bans -s sshd -c $LAST
run_case bans6 100000 -a $W/empty -d $W/bans6 -s sshd -c $UNLISTED
run_case bans6_v6 100000 -a $W/empty -d $W/bans6 -s sshd -c 2001:db8::1
# The floor of a one-shot process: reading the files alone, in a fresh one.
echo "dropin100 floor $("$B/read_files" -o -t "$SECONDS_PER" "$W"/dropin.d/*)" >>"$raw"
echo "bans4 floor $("$B/read_files" -o -t "$SECONDS_PER" "$W/bans.d/bans")" >>"$raw"
echo "bans6 floor $("$B/read_files" -o -t "$SECONDS_PER" "$W/bans6.d/bans")" >>"$raw"
# The floor of a resident call: a stat of each table, directory and file.
echo "bans4 statfloor $("$B/read_files" -s -t "$SECONDS_PER" "$W/empty" "$W/empty.d" \
    "$W/bans" "$W/bans.d" "$W/bans.d/bans")" >>"$raw"

# The connection benchmark, in a private mount namespace.
conn_note=
if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
    conn_note="needs root and unshare"
elif [ ! -f /etc/hosts.allow ] || [ ! -f /etc/hosts.deny ]; then
    conn_note="needs /etc/hosts.allow and /etc/hosts.deny to exist (private copies are bind-mounted over them)"
else
    cat >"$work/small-allow" <<'EOF'
# hosts.allow of the connection benchmark
sshd: 10.0.0.0/8, 192.168.0.0/255.255.0.0, [2001:db8::]/32
in.ftpd: .example.com EXCEPT bad.example.com
bench_service: 127.0.0.1, [::1] : severity auth.info
EOF
    cat >"$work/small-deny" <<'EOF'
# hosts.deny of the connection benchmark
ALL: ALL
EOF
    ours_tcpd=$TOP/tcpd
    [ -x "$ours_tcpd" ] || ours_tcpd=
    [ -x /usr/sbin/tcpd ] && debian_tcpd=/usr/sbin/tcpd || debian_tcpd=
    # conn_run SET ALLOW DENY CONNECTIONS - three rounds of the variants
    conn_run() {
	env -u LD_LIBRARY_PATH timeout 600 unshare -m sh -c '
	    set -e
	    mount --bind "$1" /etc/hosts.allow
	    mount --bind "$2" /etc/hosts.deny
	    # No syslog listener to block on: a non-socket over /dev/log
	    # makes every syslog() fail at once.
	    if [ -e /dev/log ]; then mount --bind "$3" /dev/log || true; fi
	    set +e
	    set_name=$4 n=$5 svc=$6 ours=$7 debian=$8
	    for round in 1 2 3; do
		echo "$set_name direct $("$(dirname "$svc")/spawner" "$n" "$svc" "$svc")"
		echo "$set_name floor $("$(dirname "$svc")/spawner" "$n" "$(dirname "$svc")/exec_only" "$svc")"
		[ -z "$ours" ] || echo "$set_name ours $("$(dirname "$svc")/spawner" "$n" "$ours" "$svc")"
		[ -z "$debian" ] || echo "$set_name debian $("$(dirname "$svc")/spawner" "$n" "$debian" "$svc")"
	    done' sh "$2" "$3" "$work/empty" "$1" "$4" "$B/bench_service" \
	    "$ours_tcpd" "$debian_tcpd" >>"$work/conn" 2>>"$work/conn.err"
    }
    : >"$work/conn"
    conn_run small "$work/small-allow" "$work/small-deny" "$CONNECTIONS" ||
	conn_note="unshare or mount failed: $(head -1 "$work/conn.err")"
    [ -n "$conn_note" ] ||
	conn_run big "$work/empty" "$work/fail2ban-100000" "$BIG_CONNECTIONS"
    # The median of the three rounds of each variant, into $raw.
    for set in small big; do
	for v in direct floor ours debian; do
	    awk -v s=$set -v v=$v '$1 == s && $2 == v {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		t[n++] = f["ns_per_conn"]; served = f["served"]; conns = f["conns"]
	    } END {
		if (n == 0) exit
		for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
		    if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
		printf "conn_%s %s ns_per_conn=%d served=%s conns=%s\n", s, v, t[int(n / 2)], served, conns
	    }' "$work/conn" >>"$raw"
	done
    done
fi
[ -z "${BENCH_RAW:-}" ] || cp "$raw" "$BENCH_RAW"

# The table.
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "ours: ${ours_lib:-n/a}; Debian's: ${debian_lib:-n/a}"
echo
awk -v conn_note="$conn_note" -v tcpd_missing="$( [ -x "$TOP/tcpd" ] || echo 1)" '
function val(id, lib, key) { return ((id SUBSEP lib SUBSEP key) in r) ? r[id, lib, key] : "" }
function fmt(ns) {
    if (ns == "") return "n/a"
    if (ns < 1000) return sprintf("%d ns", ns)
    if (ns < 1000000) return sprintf("%.1f us", ns / 1000)
    return sprintf("%.2f ms", ns / 1000000)
}
# dropin_rows - a drop-in directory of 100 files against one file of as
# many lines (ours both), and the floor of opening and reading 100 files
function dropin_rows(   o, one, f, met) {
    o = val("dropin100", "ours", "oneshot_ns"); one = val("dh100k", "ours", "oneshot_ns")
    f = val("dropin100", "floor", "read_ns")
    met = (o == "" || one == "") ? "n/a" : (o + 0 <= 1.3 * one) ? "yes" : "NO"
    printf "%-50s %10s %7s %10s %7s %8s  %-7s %-18s %s\n", "drop-in 100 files x 1k, no match, ctl, one-shot",
        fmt(o), perline(o, 100000), fmt(d = val("dropin100", "debian", "oneshot_ns")), "",
        (one != "" && o != "") ? sprintf("%.2fx 1f", o / one) : "n/a", verdict("dropin100"), "<=1.3x one file", met
    printf "%-50s %10s\n", "  floor: a fresh process reads the 100 files", fmt(f)
    printf "%-50s %10s\n", "  resident, steady: the same 100 files", fmt(val("dropin100", "ours", "steady_ns"))
}
# banrows - tcpdban files in hosts.deny.d (Debian reads only the empty
# hosts.deny: its column is not a comparison)
function banrows() {
    row("bans 100k (IPv4, expiry) in deny.d, no match, one-shot", "bans4", "oneshot_ns", 100000, "<=1 ms", 1000000)
    row("  same, last line", "bans4_end", "oneshot_ns", 100000)
    printf "%-50s %10s\n", "  floor: a fresh process reads the file", fmt(val("bans4", "floor", "read_ns"))
    row("bans 100k (1/3 IPv6, 1/3 nets) in deny.d, one-shot", "bans6", "oneshot_ns", 100000, "<=1 ms", 1000000)
    row("  same, an IPv6 client", "bans6_v6", "oneshot_ns", 100000, "<=1 ms", 1000000)
    printf "%-50s %10s\n", "  floor: a fresh process reads the file", fmt(val("bans6", "floor", "read_ns"))
    row("resident, steady: bans 100k (IPv4) in deny.d", "bans4", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: bans 100k (mixed) in deny.d", "bans6", "steady_ns", 100000, "<=5 us", 5000)
    printf "%-50s %10s\n", "  floor: a stat of both tables, dirs and the file", fmt(val("bans4", "statfloor", "read_ns"))
    rssrow("peak RSS, resident, bans 100k (IPv4) in deny.d", "bans4", "rssres_kb")
}
function fmtkb(kb) { return kb == "" ? "n/a" : sprintf("%d KiB", kb) }
function perline(ns, lines) {
    if (ns == "" || lines == "") return ""
    return sprintf(ns / lines < 1 ? "%.3f" : "%.1f", ns / lines)
}
function verdict(id,   o, d) {
    o = val(id, "ours", "verdict"); d = val(id, "debian", "verdict")
    # Debian reads no drop-in directory, only the empty table beside it.
    if (id ~ /^(bans|dropin)/) d = ""
    if (o == "" || d == "") return (o != "" ? o : d) == "1" ? "grant" : (o != "" ? o : d) == "0" ? "deny" : "?"
    if (o != d) { differ++; return "DIFFERS(" o "/" d ")" }
    return o == "1" ? "grant" : o == "0" ? "deny" : o
}
# row LABEL ID KEY LINES TARGET-TEXT MAX-OURS MIN-RATIO
function row(label, id, key, lines, target, max_ours, min_ratio,   o, d, ratio, met) {
    o = val(id, "ours", key); d = val(id, "debian", key)
    ratio = (o != "" && d != "" && o > 0) ? sprintf("%.1fx", d / o) : "n/a"
    met = ""
    if (target != "") {
        if (o == "" || (min_ratio != "" && d == "")) met = "n/a"
        else if ((max_ours != "" && o + 0 > max_ours + 0) || (min_ratio != "" && d / o < min_ratio + 0)) met = "NO"
        else met = "yes"
    }
    printf "%-50s %10s %7s %10s %7s %8s  %-7s %-18s %s\n", label, fmt(o), perline(o, lines),
        fmt(d), perline(d, lines), ratio, verdict(id), target, met
}
# rssrow LABEL ID KEY TARGET-TEXT [MAX-KIB] - against MAX-KIB if given, else
# against the figure of Debian with 2% slack: two copies of one library differ by that
# much from run to run
function rssrow(label, id, key, target, max_kb,   o, d, met) {
    o = val(id, "ours", key); d = val(id, "debian", key)
    if (target == "") met = ""
    else if (max_kb != "") met = o == "" ? "n/a" : (o + 0 <= max_kb + 0) ? "yes" : "NO"
    else met = (o == "" || d == "") ? "n/a" : (o + 0 <= 1.02 * d) ? "yes" : "NO"
    printf "%-50s %10s %7s %10s %7s %8s  %-7s %-18s %s\n", label, fmtkb(o), "", fmtkb(d), "",
        (o != "" && d != "" && o > 0) ? sprintf("%.2fx", d / o) : "n/a", "", target, met
}
# connrow LABEL OURS-TEXT DEBIAN-TEXT RATIO-TEXT TARGET MET
function connrow(label, o, d, ratio, target, met) {
    printf "%-50s %10s %7s %10s %7s %8s  %-7s %-18s %s\n", label, o, "", d, "", ratio, "", target, met
}
function served(set, who,   x) {
    x = val("conn_" set, who, "served")
    return (x == "" || x == val("conn_" set, who, "conns")) ? "" : " (" who " served " x "/" val("conn_" set, who, "conns") ")"
}
# connections SET LABEL WITH-TARGETS - the rows of one connection benchmark
function connections(set, label, targets,   c, o, d, f, met) {
    c = val("conn_" set, "direct", "ns_per_conn")
    o = val("conn_" set, "ours", "ns_per_conn")
    d = val("conn_" set, "debian", "ns_per_conn")
    connrow("conn, " label ": service direct" served(set, "direct"), fmt(c), fmt(c), "", "", "")
    met = ""
    if (targets) met = (o == "" || d == "") ? "n/a" : (o + 0 <= d + 0) ? "yes" : "NO"
    connrow("conn, " label ": via tcpd" served(set, "ours") served(set, "debian"), fmt(o), fmt(d),
        (o != "" && d != "") ? sprintf("%.2fx", d / o) : "n/a", targets ? "<= Debian tcpd" : "", met)
    if (targets) met = (o == "" || c == "") ? "n/a" : (o + 0 <= 1.10 * c) ? "yes" : "NO"
    connrow("conn, " label ": via tcpd / direct", (o != "" && c != "") ? sprintf("%.2fx", o / c) : "n/a",
        (d != "" && c != "") ? sprintf("%.2fx", d / c) : "n/a", "", targets ? "<= 1.10x" : "", met)
    if (!targets) return
    f = val("conn_" set, "floor", "ns_per_conn")
    connrow("conn, " label ": via exec-only wrapper" served(set, "floor"), fmt(f), fmt(f), "", "", "")
    connrow("conn, " label ": tcpd itself (less the wrapper)", (o != "" && f != "") ? fmt(o - f) : "n/a",
        (d != "" && f != "") ? fmt(d - f) : "n/a", "", "", "")
}
{
    for (i = 3; i <= NF; i++) { split($i, kv, "="); r[$1, $2, kv[1]] = kv[2] }
}
END {
    printf "%-50s %10s %7s %10s %7s %8s  %-7s %-18s %s\n", "case", "ours", "ns/line", "Debian", "ns/line", "Deb/ours", "verdict", "target", "met"
    print "ctl = hosts_ctl(); access = request_init() with RQ_CLIENT_SIN/RQ_SERVER_SIN, sock_methods(), hosts_access()"
    print "one-shot = a fresh process per call, less a process making no call; resident = one process asking again"
    print "-----------------------------------------------------------------------------------------------------------------------------------"
    row("DenyHosts 1k, no match, ctl, one-shot", "dh1k", "oneshot_ns", 1000)
    row("DenyHosts 10k, no match, ctl, one-shot", "dh10k", "oneshot_ns", 10000)
    row("DenyHosts 100k, no match, ctl, one-shot", "dh100k", "oneshot_ns", 100000, "<=1 ms, >=25x", 1000000, 25)
    row("  same, the call timed inside the process", "dh100k", "first_ns", 100000)
    row("DenyHosts 100k, no match, access, one-shot", "dh100k_acc", "oneshot_ns", 100000, "<=1 ms, >=25x", 1000000, 25)
    row("DenyHosts 100k, last line, ctl, one-shot", "dh100k_end", "oneshot_ns", 100000)
    row("DenyHosts 100k, last line, access, one-shot", "dh100k_end_acc", "oneshot_ns", 100000)
    row("DenyHosts 100k, daemon not named, ctl, one-shot", "dh100k_nd", "oneshot_ns", 100000, "<=0.5 ms", 500000)
    row("DenyHosts 100k, daemon not named, access, one-shot", "dh100k_nd_acc", "oneshot_ns", 100000, "<=0.5 ms", 500000)
    row("fail2ban 100k, no match, ctl, one-shot", "f2b100k", "oneshot_ns", 100000)
    row("fail2ban 100k, no match, access, one-shot", "f2b100k_acc", "oneshot_ns", 100000)
    row("mixed allow 10k, no match, ctl, one-shot", "allow10k", "oneshot_ns", 10000)
    row("mixed allow 100k, no match, ctl, one-shot", "allow100k", "oneshot_ns", 100000)
    row("mixed allow 100k, last line, ctl, one-shot", "allow100k_end", "oneshot_ns", 100000)
    dropin_rows()
    banrows()
    print ""
    row("resident, first call: DenyHosts 100k, no match", "dh100k", "res_first_ns", 100000)
    row("resident, steady: DenyHosts 1k, no match", "dh1k", "steady_ns", 1000)
    row("resident, steady: DenyHosts 10k, no match", "dh10k", "steady_ns", 10000)
    row("resident, steady: DenyHosts 100k, no match", "dh100k", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: same, hosts_access", "dh100k_acc", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: DenyHosts 100k, last line", "dh100k_end", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: same, hosts_access", "dh100k_end_acc", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: DenyHosts 100k, daemon not named", "dh100k_nd", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: same, hosts_access", "dh100k_nd_acc", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: fail2ban 100k, no match", "f2b100k", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: same, hosts_access", "f2b100k_acc", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: mixed allow 100k, no match", "allow100k", "steady_ns", 100000, "<=5 us", 5000)
    row("resident, steady: mixed allow 100k, last line", "allow100k_end", "steady_ns", 100000, "<=5 us", 5000)
    print ""
    rssrow("peak RSS, one-shot, DenyHosts 100k, one call", "dh100k", "rss1_kb", "ours <= Debian+2%")
    rssrow("peak RSS, one-shot, same, no call (baseline)", "dh100k", "rss0_kb")
    rssrow("peak RSS, one-shot, mixed allow 100k", "allow100k", "rss1_kb", "ours <= Debian+2%")
    rssrow("peak RSS, resident, DenyHosts 100k", "dh100k", "rssres_kb", "<= 6 MB", 5859)
    rssrow("peak RSS, resident, mixed allow 100k", "allow100k", "rssres_kb")
    print ""
    if (conn_note != "")
        print "connections through tcpd: n/a (" conn_note ")"
    else {
        connections("small", "small tables", 1)
        connections("big", "fail2ban 100k", 0)
        print "(conn rows: per connection, N sequential loopback connections through bench/spawner;"
        print " ours = our tcpd, Debian = /usr/sbin/tcpd" (tcpd_missing ? "; our tcpd is not built: n/a" : "") ")"
    }
    if (differ) print "\nWARNING: " differ " case(s) where our verdict differs from Debian'"'"'s"
}' "$raw" | sed 's/ *$//'
