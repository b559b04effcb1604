#!/bin/sh
# bench/crowdsec.sh - how fast CrowdSec's decisions reach tcpd through
# Debian's crowdsec-custom-bouncer and contrib/crowdsec/tcpdban-crowdsec
# (run by `make bench-crowdsec`; never by make check). In private
# namespaces, with tests/crowdsec.sh's setup (the Local API alone, the
# bouncer polling every second, tcpd under openbsd-inetd on loopback):
#
# - from `cscli decisions add` (started) to the ban line in
#   /etc/hosts.deny.d/crowdsec, and to the first refused connection, for
#   ROUNDS new decisions (CROWDSEC_ROUNDS, default 7): the median, the
#   lowest and the highest (a client tries every 0.1 s; tcpd's refusal is
#   seen in its log line);
# - the bouncer's start-up with 20000 decisions in the Local API: from
#   starting the bouncer to the 20000th ban line, and one `tcpdban batch
#   -s` of 20000 lines alone (3 rounds, median);
# - what a 20000-ban crowdsec file costs each connection: one hosts_ctl()
#   in a fresh process (bench/driver, our library) with the file and
#   with an empty one, and sequential connections through openbsd-inetd
#   and tcpd from a served client, with and without it.
# Needs root, unshare, openbsd-inetd, python3 and the unpacked packages
# (.ci/run puts them in /var/cache/tcpwrap-tests/crowdsec).

TOP=${TOP:-$(pwd)}
export TOP
NS_WHAT="bench: CrowdSec decisions through tcpd"
. "$TOP/tests/ns.sh"
. "$TOP/tests/bans.sh"
. "$TOP/tests/crowdsec.sh"
crowdsec_need
bans_built "$TOP/tcpd" "$TOP/tcpdban" "$TOP/tests/client" "$TOP/tests/logcatch" \
    "$TOP/bench/driver" "$TOP/libwrap.so.0"
ns_enter "$@"
ns_setup
D=$NS_DIR
ns_overlay /etc
ns_hosts "127.0.0.1 localhost" "::1 localhost"
ns_syslog
crowdsec_setup
lapi_start || { echo "bench/crowdsec.sh: the Local API does not start"; cat "$D/lapi.log"; exit 1; }
bouncer_start
ROUNDS=${CROWDSEC_ROUNDS:-7}

# stats FILE - "median M ms (L-H, N runs)" of the numbers in FILE
stats() {
    sort -n "$1" | awk '{ t[NR] = $1 } END {
        printf "median %d ms (%d-%d, %d runs)", t[int((NR + 1) / 2)], t[1], t[NR], NR }'
}

# first_refused ADDRESS - try a client from ADDRESS until tcpd refuses it
first_refused() {
    for first_try in $(seq 100); do
        [ "$(attempt "$1" 7301 svc)" = refused ] && return 0
    done
    return 1
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); bouncer update_frequency 1s"
for i in $(seq "$ROUNDS"); do
    addr=127.0.1.$i
    t0=$(date +%s%N)
    cscli decisions add --ip "$addr" --duration 10m
    within 10000 has "$BANS" "^ALL: 127\\.0\\.1\\.$i " && ms_since "$t0" >> "$D/line.ms"
    first_refused "$addr" && ms_since "$t0" >> "$D/refused.ms"
    sleep "0.$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')"	# a random phase of the poll
done
echo "cscli decisions add -> ban line in the table:     $(stats "$D/line.ms")"
echo "cscli decisions add -> first refused connection:  $(stats "$D/refused.ms")"

big_list 20000 "$D/big.csv"
cscli decisions import -i "$D/big.csv"
for i in 1 2 3; do
    bouncer_stop
    rm -f "$BANS"
    t0=$(date +%s%N)
    bouncer_start
    within 60000 count_at_least 20000 '^ALL: 10\.[0-9.]+ : expires' && ms_since "$t0" >> "$D/startup.ms"
done
echo "bouncer start -> 20000 decisions banned:          $(stats "$D/startup.ms")"
awk 'BEGIN { for (i = 0; i < 20000; i++)
    printf "add 10.%d.%d.%d 3600\n", int(i / 65536), int(i / 256) % 256, i % 256 }' > "$D/steps"
for i in 1 2 3; do
    rm -f "$D/one"
    t0=$(date +%s%N)
    "$TOP/tcpdban" -f "$D/one" batch -s -c crowdsec < "$D/steps"
    ms_since "$t0" >> "$D/batch.ms"
done
echo "tcpdban batch -s, 20000 steps, empty table:       $(stats "$D/batch.ms")"

# The cost of the file for each connection: the library's decision in a
# fresh process (bench/driver with our library: its one-shot median, and
# the best of 9 in-process first calls, which the load of other jobs
# disturbs less), and whole connections through inetd and tcpd.
mkdir -p "$D/lib/deny.d"
: > "$D/lib/allow"
: > "$D/lib/deny"
# driver ARGS... - bench/driver on our library with the tables of $D/lib
driver() {
    LD_LIBRARY_PATH=$TOP "$TOP/bench/driver" -a "$D/lib/allow" -d "$D/lib/deny" \
        -s sshd -c 192.0.2.1 "$@" | tr ' ' '\n'
}
# library WHAT - one line of figures for the table as it is now
library() {
    oneshot=$(driver -t 1 | sed -n 's/^oneshot_ns=//p')
    best=$(for i in $(seq 9); do driver -i 1 | sed -n 's/^first_ns=//p'; done | sort -n | head -n 1)
    echo "hosts_ctl, fresh process, $1: one-shot median $((oneshot / 1000)) us, best first call $((best / 1000)) us"
}
lines=$(grep -c '' "$BANS")
cp "$BANS" "$D/lib/deny.d/crowdsec"
library "$lines-line crowdsec file"
: > "$D/lib/deny.d/crowdsec"
library "empty crowdsec file"

# connections N FROM - milliseconds for N sequential connections to svc
connections() {
    connections_t0=$(date +%s%N)
    for connections_i in $(seq "$1"); do
        "$TOP/tests/client" -b "$2" 127.0.0.1 7301 > /dev/null 2>> "$D/client.err"
    done
    echo $((($(date +%s%N) - connections_t0) / 1000 / $1))
}
cp "$BANS" "$D/full"
for round in 1 2 3 4 5; do
    cp "$D/full" "$BANS"
    connections 100 127.0.0.3 >> "$D/conn.full"
    : > "$BANS"
    connections 100 127.0.0.3 >> "$D/conn.empty"
done
echo "a connection through inetd+tcpd (us, 5 rounds of 100), $lines-line crowdsec file: $(stats "$D/conn.full" | sed 's/ ms/ us/')"
echo "a connection through inetd+tcpd (us, 5 rounds of 100), empty crowdsec file:     $(stats "$D/conn.empty" | sed 's/ ms/ us/')"
bouncer_stop
lapi_stop
exit 0
