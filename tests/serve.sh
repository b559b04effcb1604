# tests/serve.sh - sourced (after tests/ns.sh) by the tests that put a
# program behind the one-shot inetd tests/serve_once and talk to it with
# tests/client: tcpd.test and hostile.test. Every file of a run NAME
# lives in $D: NAME.ready, NAME.srv (serve_once's own output), NAME.status
# (the served program's exit status, once it has exited), NAME.out and
# NAME.err (the client's).

# serve NAME [-u] [-n] [-d SECONDS] ADDR PORT PROGRAM ARG0 [ARGS...] -
# start the one-shot inetd in the background (options: see serve_once.c)
serve() {
    serve_name=$1
    shift
    serve_opts=
    while :; do
        case $1 in
        -d) serve_opts="$serve_opts -d $2"; shift 2 ;;
        -u|-n) serve_opts="$serve_opts $1"; shift ;;
        *) break ;;
        esac
    done
    ( "$TOP/tests/serve_once" $serve_opts "$D/$serve_name.ready" "$@" \
          > "$D/$serve_name.srv" 2>&1
      echo $? > "$D/$serve_name.status" ) &
    wait_for test -e "$D/$serve_name.ready"
}

# talk NAME CLIENT-ARGS... - one client, its output in $D/NAME.out
talk() {
    talk_name=$1
    shift
    timeout 30 "$TOP/tests/client" "$@" > "$D/$talk_name.out" 2> "$D/$talk_name.err"
}

# finished NAME - wait (bounded: 30 s) until the served program has exited
finished() {
    for finished_try in $(seq 300); do
        [ -s "$D/$1.status" ] && return 0
        sleep 0.1
    done
    return 1
}

# served NAME TEXT - the client got exactly TEXT and one newline
served() {
    printf '%s\n' "$2" | cmp -s - "$D/$1.out"
}
