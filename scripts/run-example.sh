#!/usr/bin/env bash
# `make example` (and the end of `make test`): build Examples/CADService, a consumer package of its own, start
# the sandbox on free ports, run the example with the sandbox's environment, check that every file it reports
# exists and is not empty, stop the sandbox.
set -euo pipefail

SWIFT="${SWIFT:-swift}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXAMPLE="$ROOT/Examples/CADService"
workdir="$(mktemp -d)"
sandbox_pid=""

cleanup() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

say() { echo "example: $*" >&2; }

# The README shows these files verbatim: keep the two in step.
for file in Providers.swift GeneratePart.swift RunModel.swift; do
    python3 - "$ROOT/README.md" "$EXAMPLE/Sources/cad-service-example/$file" <<'PY' || { say "README.md does not show $file as written"; exit 1; }
import sys
readme, code = (open(path, encoding="utf-8").read() for path in sys.argv[1:])
sys.exit(0 if "```swift\n" + code + "```" in readme else 1)
PY
done

say "building cad-sandbox and Examples/CADService"
"$SWIFT" build --package-path "$ROOT" --product cad-sandbox
# SwiftPM keeps the build plan of a path dependency after files of it move, then fails on "missing inputs";
# dropping the plan (not the build) makes it plan again.
rm -f "$EXAMPLE/.build/debug.yaml"
"$SWIFT" build --package-path "$EXAMPLE"
sandbox="$("$SWIFT" build --package-path "$ROOT" --show-bin-path)/cad-sandbox"
example="$("$SWIFT" build --package-path "$EXAMPLE" --show-bin-path)/cad-service-example"

say "starting the sandbox"
"$sandbox" --port 0 --storage-port 0 --speed 100 --env-file "$workdir/sandbox.env" \
    >"$workdir/sandbox.out" 2>"$workdir/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 1 200); do
    [ -s "$workdir/sandbox.env" ] && break
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
        say "the sandbox did not start:"
        cat "$workdir/sandbox.err" >&2
        exit 1
    fi
    sleep 0.05
done
[ -s "$workdir/sandbox.env" ] || { say "the sandbox did not report its ports in 10 s"; exit 1; }
set -a
# shellcheck disable=SC1091
. "$workdir/sandbox.env"
set +a

say "running cad-service-example $workdir/out"
"$example" "$workdir/out" | tee "$workdir/written.tsv"

# Every provider wrote at least one file, and every reported file is there, non-empty, of the reported size.
for provider in orville makistry bitbybit; do
    grep -q "^$provider	" "$workdir/written.tsv" || { say "$provider wrote no file"; exit 1; }
done
while IFS=$'\t' read -r provider path size; do
    [ -s "$path" ] || { say "$provider: $path is missing or empty"; exit 1; }
    actual="$(stat -c %s "$path")"
    [ "$actual bytes" = "$size" ] || { say "$provider: $path has $actual bytes, the example said $size"; exit 1; }
done <"$workdir/written.tsv"
say "ok: $(wc -l <"$workdir/written.tsv") files written"
