# tests/crowdsec.sh - sourced (after tests/ns.sh and tests/bans.sh) by
# tests/crowdsec.test and bench/crowdsec.sh: Debian's crowdsec Local API
# alone and Debian's crowdsec-custom-bouncer driving
# contrib/crowdsec/tcpdban-crowdsec, in the caller's private namespaces,
# with tcpd under openbsd-inetd in front of svc (tests/bans.sh) on this
# namespace's loopback.
#
# crowdsec_need (before ns_enter) SKIPs when a program is missing.
# crowdsec_setup (inside, after ns_setup, ns_overlay /etc and ns_syslog)
# starts openbsd-inetd and writes the configurations: the Local API on
# 127.0.0.1:$PORT (free: the namespace's own loopback), no online API,
# SQLite in $D/cs, a machine for cscli and the bouncer's key registered;
# the bouncer reads Debian's configuration file and, as its override
# file, contrib/crowdsec's with update_frequency 1s (it polls every
# second) and a bin_path that runs the program through a two-line
# script, as an administrator would for a non-default option (here, the
# tcpdban of the tree), plus this setup's API, key and logs.

CS=${CROWDSEC_ROOT:-/var/cache/tcpwrap-tests/crowdsec}
BANS=/etc/hosts.deny.d/crowdsec
PORT=18080

# crowdsec_need - SKIP the whole script when a program is missing
crowdsec_need() {
    bans_need "$CS/usr/bin/crowdsec" "crowdsec, unpacked by .ci/run into $CS"
    bans_need "$CS/usr/bin/cscli" "crowdsec, unpacked by .ci/run into $CS"
    bans_need "$CS/usr/bin/crowdsec-custom-bouncer" "crowdsec-custom-bouncer, unpacked by .ci/run into $CS"
    bans_need /usr/bin/python3 python3
    bans_need "$INETD" openbsd-inetd
}

# crowdsec_setup - tables, inetd and the configurations (see above)
crowdsec_setup() {
    : > /etc/hosts.allow
    : > /etc/hosts.deny
    rm -rf /etc/hosts.allow.d /etc/hosts.deny.d
    # Server and clients on the loopback (tests/bans.sh uses a veth pair;
    # here "outside" is this namespace).
    SERVER4=127.0.0.1 SERVER6=::1 GOOD4=127.0.0.9 GOOD6=::1
    bans_inetd
    KEY=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkdir -p "$D/cs/data" "$D/cs/hub"
    cp "$CS/etc/crowdsec/profiles.yaml" "$D/cs/profiles.yaml"
    echo "simulation: off" > "$D/cs/simulation.yaml"
    cat > "$D/cs/config.yaml" <<EOF
common:
  daemonize: false
  log_media: stdout
  log_level: info
  working_dir: $D/cs
config_paths:
  config_dir: $D/cs/
  data_dir: $D/cs/data/
  simulation_path: $D/cs/simulation.yaml
  hub_dir: $D/cs/hub/
  index_path: $D/cs/hub/.index.json
  notification_dir: $D/cs/notifications/
  plugin_dir: $D/cs/plugins/
cscli:
  output: human
  color: no
db_config:
  log_level: info
  type: sqlite
  db_path: $D/cs/data/crowdsec.db
  use_wal: true
api:
  client:
    credentials_path: $D/cs/local_api_credentials.yaml
  server:
    log_level: info
    listen_uri: 127.0.0.1:$PORT
    profiles_path: $D/cs/profiles.yaml
prometheus:
  enabled: false
EOF
    # (STARTUP_TIMEOUT in the environment: its --startup-timeout)
    cat > "$D/tcpdban-crowdsec" <<EOF
#!/bin/sh
exec "$TOP/contrib/crowdsec/tcpdban-crowdsec" --tcpdban "$TOP/tcpdban" \${STARTUP_TIMEOUT:+--startup-timeout "\$STARTUP_TIMEOUT"}
EOF
    chmod 755 "$D/tcpdban-crowdsec"
    # Debian's configuration, with the override file we ship (bin_path
    # and update_frequency changed) and this setup's own settings.
    cp "$CS/etc/crowdsec/bouncers/crowdsec-custom-bouncer.yaml" "$D/bouncer.yaml"
    { sed -e "s|^bin_path: .*|bin_path: $D/tcpdban-crowdsec|" \
          -e 's|^update_frequency: .*|update_frequency: 1s|' \
          "$TOP/contrib/crowdsec/crowdsec-custom-bouncer.yaml.local"
      cat <<EOF
daemonize: false
log_mode: stdout
log_dir: $D/
piddir: $D/
api_url: http://127.0.0.1:$PORT/
api_key: $KEY
prometheus:
  enabled: false
EOF
    } > "$D/bouncer.yaml.local"
    cscli machines add tcpwrap-test --auto -f "$D/cs/local_api_credentials.yaml"
    cscli bouncers add tcpdban -k "$KEY"
}

# outside COMMAND... - the clients are in this namespace
outside() {
    "$@"
}

# cscli ARGS... - Debian's cscli on this Local API
cscli() {
    "$CS/usr/bin/cscli" -c "$D/cs/config.yaml" "$@" >> "$D/cscli.out" 2>&1
}

# lapi_start, lapi_stop - the Local API alone (crowdsec -no-cs)
lapi_start() {
    : > "$D/lapi.log"
    "$CS/usr/bin/crowdsec" -c "$D/cs/config.yaml" -no-cs >> "$D/lapi.log" 2>&1 &
    LAPI=$!
    wait_until 30 grep -q "Local API listening on 127.0.0.1:$PORT" "$D/lapi.log"
}
lapi_stop() {
    kill "$LAPI"
    wait "$LAPI" 2>/dev/null
}

# bouncer_start, bouncer_stop - Debian's custom bouncer and our program;
# the program ends when the bouncer does (its input ends)
bouncer_start() {
    "$CS/usr/bin/crowdsec-custom-bouncer" -c "$D/bouncer.yaml" >> "$D/bouncer.log" 2>&1 &
    BOUNCER=$!
}
bouncer_stop() {
    kill "$BOUNCER"
    wait "$BOUNCER" 2>/dev/null
    wait_until 10 sh -c '! pgrep -f contrib/crowdsec/tcpdban-crowdsec > /dev/null'
}

# ms_since NS - milliseconds since the moment NS (date +%s%N)
ms_since() {
    echo $((($(date +%s%N) - $1) / 1000000))
}

# count_at_least N ERE - the table has N lines matching ERE
count_at_least() {
    [ -f "$BANS" ] && [ "$(grep -Ec "$2" "$BANS")" -ge "$1" ]
}

# big_list N FILE - a CSV of N ban decisions (1 h) for cscli decisions
# import: 10.0.0.0, 10.0.0.1, ...
big_list() {
    awk -v n="$1" 'BEGIN { print "duration,scope,value,type"
        for (i = 0; i < n; i++)
            printf "1h,ip,10.%d.%d.%d,ban\n", int(i / 65536), int(i / 256) % 256, i % 256 }' > "$2"
}
