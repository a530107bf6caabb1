# Sourced by scripts/demo.sh and scripts/run-example.sh: start the sandbox on free ports and stop it.
#
#   start_sandbox SANDBOX_BINARY WORKDIR NAME   starts it at 100× speed, waits (up to 10 s) until it has written
#                                              WORKDIR/sandbox.env, then exports that file's variables
#                                              (*_BASE_URL, *_API_KEY); NAME prefixes the error messages
#   stop_sandbox                               stops it, if it runs
#
# Sourcing it also makes $workdir, a temporary directory for the sandbox's files and the caller's, and traps
# EXIT, INT and TERM to stop the sandbox and remove $workdir.

sandbox_pid=""
workdir="$(mktemp -d)"

start_sandbox() {
    local binary="$1" workdir="$2" name="$3"
    "$binary" --port 0 --storage-port 0 --speed 100 --env-file "$workdir/sandbox.env" \
        >"$workdir/sandbox.out" 2>"$workdir/sandbox.err" &
    sandbox_pid=$!
    for _ in $(seq 1 200); do
        [ -s "$workdir/sandbox.env" ] && break
        if ! kill -0 "$sandbox_pid" 2>/dev/null; then
            echo "$name: the sandbox did not start:" >&2
            cat "$workdir/sandbox.err" >&2
            return 1
        fi
        sleep 0.05
    done
    [ -s "$workdir/sandbox.env" ] || { echo "$name: the sandbox did not report its ports in 10 s" >&2; return 1; }
    set -a
    # shellcheck disable=SC1091
    . "$workdir/sandbox.env"
    set +a
}

stop_sandbox() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
}

cleanup() {
    stop_sandbox
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM
