# tests/demo.sh - `make demo`: tcpd in front of a tiny service on loopback,
# under an example policy; one client is granted, one refused, and the log
# lines are shown. Runs in private namespaces (tests/ns.sh): the real
# tables, /etc/hosts and syslog are not touched. Needs root.

TOP=${TOP:-$(pwd)}; export TOP
NS_WHAT="the demo"
. "$TOP/tests/ns.sh"
ns_enter "$@"
ns_setup
D=$NS_DIR
ns_overlay /etc
ns_hosts "127.0.0.1 localhost" "::1 localhost"
ns_syslog

printf '#!/bin/sh\necho "hello from the daytime service: $(date -u +%%H:%%M)"\n' > "$D/daytime"
chmod 755 "$D/daytime"
printf '# /etc/hosts.allow\ndaytime: 127.0.0.1\n' | ns_file /etc/hosts.allow
printf '# /etc/hosts.deny\nALL: ALL\n' | ns_file /etc/hosts.deny

echo "== The policy (mostly closed)"
cat /etc/hosts.allow /etc/hosts.deny
echo
echo "== inetd would run:  tcpd $D/daytime   (as 'daytime', port 13013 here)"

# one connection: a one-shot inetd runs tcpd with the socket on fd 0-2
connect_from() {
    rm -f "$D/ready"
    "$TOP/tests/serve_once" "$D/ready" 127.0.0.1 13013 "$TOP/tcpd" "$D/daytime" >/dev/null 2>&1 &
    server=$!
    wait_for test -e "$D/ready"
    echo
    echo "== A client from $1 connects; it receives:"
    timeout 30 "$TOP/tests/client" -b "$1" 127.0.0.1 13013 | sed 's/^/    /'
    [ -n "$2" ] && echo "    (nothing: refused; tcpd lingers 5 s, as Debian's does)"
    wait $server
}
connect_from 127.0.0.1
connect_from 127.0.0.2 refused

echo
echo "== What tcpd logged (syslog, facility daemon: <30> is info, <28> warning)"
sleep 0.2
sed 's/^/    /' "$NS_LOG"
echo
echo "Ask what your own tables would do, without risk: ./tcpdmatch daytime 127.0.0.2"
