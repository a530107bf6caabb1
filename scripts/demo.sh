#!/usr/bin/env bash
# `make demo`: start the sandbox on a free port, create an Orville job and a Makistry 3MF job and wait for
# them, download their artifacts, run Bitbybit's dragon-cup model to glTF, print `cadctl inspect` of every
# downloaded part and write a preview PNG beside each, show what was written, stop the sandbox.
set -euo pipefail

BIN="${BIN:-$(swift build --show-bin-path)}"
OUT="${DEMO_OUT:-demo-out}"
# shellcheck source=scripts/sandbox.sh
. "$(dirname "$0")/sandbox.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "starting the sandbox (cad-sandbox --port 0 --speed 100)"
start_sandbox "$BIN/cad-sandbox" "$workdir" demo
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
