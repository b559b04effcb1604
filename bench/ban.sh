#!/bin/sh
# bench/ban.sh - how fast tcpdban changes a big ban list, beside the shell
# idioms it replaces (run by `make bench`, after bench/run.sh):
#
# - one add and one del in a 100,000-line table (fail2ban's form,
#   bench/gen_tables), against "printf >>" and "sed -i"; and in a
#   100,000-line table as tcpdban writes it, every ban with an expiry;
#   beside dd reading the table whole into memory, writing it to a new
#   file and syncing it (the bare work of a rewrite, done naively);
# - "add -" of 100,000 addresses, into an empty table and into the
#   100,000-line one, against appending them with sed and ">>".
#
# Each case runs ROUNDS times (BAN_ROUNDS, default 11) on a fresh copy of
# its table; the medians of the wall time and of the CPU time (user and
# system) are shown (bench/timeit: from fork to exit, so they include
# starting the process). On a busy machine the wall time grows, the CPU
# time much less. The tables live in a
# temporary directory (TMPDIR, default /tmp), so the file system there is
# what is measured: tcpdban syncs the new table and its directory, the
# idioms sync nothing. Syslog goes wherever /dev/log leads (the output
# says whether there is one): tcpdban logs every change.
# Environment: TOP (the tree, default .), BAN_ROUNDS.

TOP=${TOP:-$(pwd)}
B=$TOP/bench
BAN=$TOP/tcpdban
ROUNDS=${BAN_ROUNDS:-11}

for program in "$B/gen_tables" "$B/timeit" "$BAN"; do
    if [ ! -x "$program" ]; then
	echo "bench/ban.sh: $program is missing: run 'make bench'" >&2
	exit 2
    fi
done

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

"$B/gen_tables" fail2ban 100000 2 > "$work/big" || exit 1
"$B/gen_tables" bans 100000 4 > "$work/expiring" || exit 1
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "172.%d.%d.%d\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256 }' > "$work/addrs"

# timed CASE TABLE IN COMMAND... - one run on a fresh copy of TABLE (or
# none for "-") with standard input from IN, its microseconds into
# $work/times.CASE; exit 1 if it fails
timed() {
    name=$1 table=$2 in=$3
    shift 3
    rm -f "$work/t" "$work/.t.lock" "$work/t.new"
    [ "$table" = - ] || cp "$work/$table" "$work/t"
    sync
    "$B/timeit" "$in" "$@" >> "$work/times.$name" ||
	{ echo "bench/ban.sh: $name failed: $*" >&2; exit 1; }
}

# median CASE COLUMN - the median of its times (1 wall, 2 CPU), in
# microseconds
median() {
    awk -v c="$2" '{ print $c }' "$work/times.$1" | sort -n |
	awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

T=$work/t
N=/dev/null
for round in $(seq "$ROUNDS"); do
    timed add big $N "$BAN" -f "$T" add 192.0.2.1
    timed del big $N "$BAN" -f "$T" del 203.0.113.7
    timed addx expiring $N "$BAN" -f "$T" add -t 1d 192.0.2.1
    timed delx expiring $N "$BAN" -f "$T" del 203.0.113.7
    timed dd big $N dd if="$T" of="$T.new" bs=16M conv=fsync status=none
    timed ddx expiring $N dd if="$T" of="$T.new" bs=16M conv=fsync status=none
    timed printf big $N sh -c "printf 'ALL: %s\n' 192.0.2.1 >> '$T'"
    timed sed big $N sed -i '/^ALL: 203\.0\.113\.7$/d' "$T"
done
for round in $(seq "$(((ROUNDS + 1) / 2))"); do
    timed bulk - "$work/addrs" "$BAN" -f "$T" add -
    timed bulkbig big "$work/addrs" "$BAN" -f "$T" add -
    timed bulksed - "$work/addrs" sh -c "sed 's/^/ALL: /' >> '$T'"
done

# row LABEL CASE TARGET-MICROSECONDS - one line of the table (the
# target is checked against the wall time)
row() {
    us=$(median "$2" 1)
    cpu=$(median "$2" 2)
    if [ -z "$3" ]; then
	met=
    elif [ "$us" -le "$3" ]; then
	met=yes
    else
	met=NO
    fi
    awk -v l="$1" -v us="$us" -v cpu="$cpu" -v t="$3" -v met="$met" '
	function shown(us) {
	    if (us >= 1000000) return sprintf("%.2f s", us / 1000000)
	    return sprintf("%.1f ms", us / 1000)
	}
	BEGIN {
	if (t == "") tt = ""
	else if (t >= 1000000) tt = sprintf("<= %g s", t / 1000000)
	else tt = sprintf("<= %g ms", t / 1000)
	printf "%-52s %10s %10s  %-10s %s\n", l, shown(us), shown(cpu), tt, met }'
}

echo
echo "tcpdban: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "tables in $work ($(stat -f -c %T "$work")), syslog: $([ -S /dev/log ] && echo /dev/log || echo 'no /dev/log'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median of $ROUNDS runs ($(((ROUNDS + 1) / 2)) for the bulk ones), wall and CPU time of the whole command"
echo
printf '%-52s %10s %10s  %-10s %s\n' case wall CPU target met
row "tcpdban add, one new ban, 100k-line table" add 20000
row "tcpdban del, one ban, 100k-line table" del 20000
row "  printf >> (appends one line, no lock, no sync)" printf
row "  sed -i (deletes one line, loses owner and label)" sed
row "  dd bs=16M conv=fsync: read, write, sync the table" dd
row "tcpdban add -t 1d, 100k bans with expiry" addx 20000
row "tcpdban del, one ban, 100k bans with expiry" delx 20000
row "  dd bs=16M conv=fsync: read, write, sync that table" ddx
row "tcpdban add -, 100k addresses, empty table" bulk 1000000
row "tcpdban add -, 100k addresses, 100k-line table" bulkbig
row "  sed >> (appends 100k lines, no checks)" bulksed
