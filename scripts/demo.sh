#!/usr/bin/env bash
# `make demo`: start the sandbox on a free port, create an Orville job and a Makistry 3MF job and wait for
# them, download their artifacts, run Bitbybit's dragon-cup model to glTF, print `cadctl inspect` of every
# downloaded part and write a preview PNG beside each, show what was written, stop the sandbox.
set -euo pipefail

BIN="${BIN:-$(swift build --show-bin-path)}"
OUT="${DEMO_OUT:-demo-out}"
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

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "starting the sandbox (cad-sandbox --port 0 --speed 100)"
"$BIN/cad-sandbox" --port 0 --storage-port 0 --speed 100 --env-file "$workdir/sandbox.env" >"$workdir/sandbox.out" 2>"$workdir/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 1 200); do
    [ -s "$workdir/sandbox.env" ] && break
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
        echo "demo: the sandbox did not start:" >&2
        cat "$workdir/sandbox.err" >&2
        exit 1
    fi
    sleep 0.05
done
[ -s "$workdir/sandbox.env" ] || { echo "demo: the sandbox did not report its ports in 10 s" >&2; exit 1; }
# shellcheck disable=SC1091
. "$workdir/sandbox.env"
grep '_BASE_URL' "$workdir/sandbox.env" >&2

export CADCTL_CONFIG="$workdir/config.toml"   # leave the user's own config alone
mkdir -p "$OUT"

step "cadctl jobs create --prompt \"A 40x20x10 mm box with a 5 mm through-hole\" --wait --download $OUT   (Orville)"
env -u MAKISTRY_API_KEY "$BIN/cadctl" jobs create \
    --prompt "A 40x20x10 mm box with a 5 mm through-hole" --wait --download "$OUT" --force

step "cadctl models run dragon-cup --format gltf --out $OUT   (Bitbybit)"
"$BIN/cadctl" models run dragon-cup --format gltf --out "$OUT" --force

step "cadctl jobs create --provider makistry --format 3mf --prompt \"A 30x30x8 mm spacer\" --wait --download $OUT   (Makistry)"
"$BIN/cadctl" jobs create --provider makistry --format 3mf \
    --prompt "A 30x30x8 mm spacer" --wait --download "$OUT" --force

step "cadctl inspect and cadctl preview of every downloaded part"
for file in "$OUT"/*; do
    case "$file" in
        *.step | *.stp | *.stl | *.glb | *.gltf | *.3mf) ;;
        *) continue ;;
    esac
    "$BIN/cadctl" inspect "$file" || true
    "$BIN/cadctl" preview "$file" -o "$file.png" || true
done

step "written to $OUT/"
ls -l "$OUT" >&2
