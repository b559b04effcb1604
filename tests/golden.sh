# tests/golden.sh - sourced by tcpdmatch.test and tcpdchk.test (after
# tests/ns.sh, inside the namespaces): runs golden-output cases.
#
# A case is one file, tests/golden/<program>/<name>.case:
#
#   what: what the case proves (the PASS line)
#   === file hosts.allow        a file to create (relative to the case's
#   ...                         working directory, or absolute under the
#   === file inetd.conf         privately mounted /etc)
#   ...
#   === setup                   shell commands run in the working directory
#   ...
#   === run                     one line: program (relative to the top of
#   tcpdchk -d -i inetd.conf    the tree) and its arguments
#   === after                   shell commands run afterwards, to look at
#   ...                         what the program left behind
#   === expected                stdout, then "--- stderr" and stderr when
#   ...                         there is any, "--- exit <status>", and
#                               "--- after" with what "after" printed
#
# Every case starts from golden_fixture (below). In every section but
# "expected", @D@ stands for the working directory; in the output, the
# working directory is replaced by @D@ before the comparison. With
# GOLDEN_UPDATE=1 the expected section is rewritten from what the program
# printed (review the diff before committing it).

# golden_start - a place for the cases whose path is the same on every
# run and has no world-writable directory above it (the warnings about
# those would differ from machine to machine): a tmpfs on /srv, in this
# mount namespace only
golden_start() {
    if [ ! -d /srv ] || ! mount -t tmpfs -o mode=755 tmpfs /srv; then
        echo "SKIP: $NS_WHAT (cannot mount a tmpfs on /srv)"
        exit 0
    fi
}

# golden_section FILE NAME - the body of section "=== NAME" of a case
golden_section() {
    awk -v want="=== $2" '
        /^=== / { on = ($0 == want); next }
        on { print }' "$1"
}

# golden_case CASE - run one case, print PASS or FAIL
golden_case() {
    golden_file=$1
    golden_dir=/srv/case
    golden_what=$(sed -n 's/^what: //p' "$golden_file" | head -n 1)
    golden_what="${golden_what:-$(basename "$golden_file")} [$(basename "$golden_file" .case)]"
    rm -rf "$golden_dir" /etc/hosts.allow /etc/hosts.deny /etc/inetd.conf
    mkdir "$golden_dir" || exit 1
    golden_fixture "$golden_dir"
    # Write the files, with @D@ replaced by the working directory.
    awk -v dir="$golden_dir" '
        /^=== / { if (out != "") close(out); out = "" }
        /^=== file / {
            name = substr($0, 10)
            out = (name ~ /^\//) ? name : dir "/" name
            printf "" > out
            next
        }
        /^=== (setup|run|after)$/ { out = dir "/.golden." substr($0, 5); next }
        /^=== / { next }
        out != "" { gsub(/@D@/, dir); print > out }' "$golden_file"
    (
        cd "$golden_dir" || exit 1
        if [ -f .golden.setup ]; then
            sh -e .golden.setup || { echo "setup failed"; exit 1; }
        fi
        eval "set -- $(cat .golden.run)"
        golden_program=$1
        shift
        timeout 30 "$TOP/$golden_program" "$@" > .golden.out 2> .golden.err
        golden_status=$?
        if [ -s .golden.err ]; then
            echo "--- stderr" >> .golden.out
            cat .golden.err >> .golden.out
        fi
        echo "--- exit $golden_status" >> .golden.out
        if [ -f .golden.after ]; then
            echo "--- after" >> .golden.out
            sh .golden.after >> .golden.out 2>&1
        fi
    )
    sed -e "s|$golden_dir|@D@|g" -e "s|$TOP/|@TOP@/|g" "$golden_dir/.golden.out" > "$NS_DIR/actual"
    if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
        awk '/^=== expected$/ { exit } { print }' "$golden_file" > "$NS_DIR/updated"
        echo "=== expected" >> "$NS_DIR/updated"
        cat "$NS_DIR/actual" >> "$NS_DIR/updated"
        cat "$NS_DIR/updated" > "$golden_file"
    fi
    golden_section "$golden_file" expected > "$NS_DIR/expected"
    if cmp -s "$NS_DIR/expected" "$NS_DIR/actual"; then
        echo "PASS: $golden_what"
    else
        echo "FAIL: $golden_what (output differs from the golden file:)"
        diff -u "$NS_DIR/expected" "$NS_DIR/actual" | sed 's/^/    /'
    fi
}

# golden_fixture DIR - what every case starts with: executables in DIR/bin
# (tcpd, in.fingerd, in.telnetd and tcpdtest-ftpd, which is not wrapped)
# and an inetd.conf that runs them
golden_fixture() {
    mkdir "$1/bin" || exit 1
    for golden_prog in tcpd in.fingerd in.telnetd tcpdtest-ftpd; do
        printf '#!/bin/sh\n' > "$1/bin/$golden_prog"
        chmod 755 "$1/bin/$golden_prog"
    done
    cat > "$1/inetd.conf" <<EOF
# The services of the golden cases.
finger stream tcp nowait nobody $1/bin/tcpd $1/bin/in.fingerd
telnet stream tcp nowait root $1/bin/tcpd $1/bin/in.telnetd
ftp stream tcp nowait root $1/bin/tcpdtest-ftpd tcpdtest-ftpd
EOF
}

# golden_hosts - the names every case can use: answered from a private
# /etc/hosts, never from DNS; and the netgroups testgroup and emptygroup
golden_hosts() {
    ns_hosts "127.0.0.1 localhost" "::1 localhost" \
        "127.0.0.2 two.example two" \
        "127.0.0.3 multi.example" "127.0.0.4 multi.example" \
        "127.0.0.5 alias.example al" \
        "127.0.0.11 canon.example forged.example" "127.0.0.12 forged.example" \
        "127.0.0.14 10.9.9.9 numeric.example" \
        "::5 six.example"
    printf 'testgroup (127.0.0.1,bob,)\nemptygroup\n' > /etc/netgroup
    grep -v '^netgroup:' /etc/nsswitch.conf > "$NS_DIR/netgroup.nss"
    printf 'netgroup: files\n' >> "$NS_DIR/netgroup.nss"
    cat "$NS_DIR/netgroup.nss" > /etc/nsswitch.conf
}
