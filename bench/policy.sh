#!/bin/sh
# bench/policy.sh - the policy tools of issue 15 on the benchmark's
# 100,000-line tables (a mixed hosts.allow and a DenyHosts hosts.deny
# from bench/gen_tables, in a private directory): tcpdmatch --expect,
# 10,000 queries answered in one process (queries per second; target:
# at most 1 s), and tcpdchk's time on the same tables with and without
# --json (--no-dns: no name is looked up, so the times are the tools').
# Run by `make bench` after bench/run.sh; alone: `make bench-policy`.
# Environment: TOP (the tree, default .).

TOP=${TOP:-$(pwd)}
B=$TOP/bench
QUERIES=10000

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
"$B/gen_tables" allow 100000 3 > hosts.allow || exit 2
"$B/gen_tables" denyhosts 100000 1 > hosts.deny || exit 2
# The resident index never trusts a table changed within the last two
# seconds (table_index.c: a same-size rewrite in the same clock tick
# could go unseen) and reads it again on every query until then: a
# table just written costs several times more per query. Measure the
# steady state, as for tables checked out a while ago.
sleep 3

# The queries: every other one an address banned in hosts.deny (denied,
# unless hosts.allow lets it in first), the others random addresses.
awk -v n="$QUERIES" '
    /^sshd: / { banned[count++] = $2 }
    END {
        srand(15)
        for (i = 0; i < n; i++)
            if (i % 2 && count)
                print "sshd " banned[int(rand() * count)] " denied"
            else
                printf "sshd %d.%d.%d.%d granted\n", int(rand() * 223) + 1,
                    int(rand() * 256), int(rand() * 256), int(rand() * 254) + 1
    }' hosts.deny > policy.expect

# now_ns - the time in nanoseconds
now_ns() {
    date +%s%N
}

# timed LABEL COMMAND... - run COMMAND (stdout kept in out), print its time
timed() {
    label=$1
    shift
    start=$(now_ns)
    "$@" > out 2>&1
    end=$(now_ns)
    elapsed=$((end - start))
}

timed expect "$TOP/tcpdmatch" -d --no-dns --expect policy.expect
summary=$(tail -n 1 out)
qps=$((QUERIES * 1000000000 / (elapsed > 0 ? elapsed : 1)))
met=no
[ "$elapsed" -le 1000000000 ] && met=yes
printf '%-58s %8.3f s  %7d queries/s  (%s)  target <= 1 s: %s\n' \
    "tcpdmatch --expect, $QUERIES queries, allow+deny 100k" \
    "$(echo "$elapsed" | awk '{ print $1 / 1e9 }')" "$qps" "$summary" "$met"
timed chk "$TOP/tcpdchk" -d -i /dev/null --no-dns
printf '%-58s %8.3f s  (%d lines of findings)\n' "tcpdchk --no-dns, allow+deny 100k" \
    "$(echo "$elapsed" | awk '{ print $1 / 1e9 }')" "$(wc -l < out)"
timed json "$TOP/tcpdchk" -d -i /dev/null --no-dns --json
printf '%-58s %8.3f s  (%d bytes of JSON)\n' "tcpdchk --no-dns --json, allow+deny 100k" \
    "$(echo "$elapsed" | awk '{ print $1 / 1e9 }')" "$(wc -c < out)"
