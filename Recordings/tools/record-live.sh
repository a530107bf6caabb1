#!/usr/bin/env bash
# Records the live cassettes, Recordings/<provider>/live-<scenario>.har, by running cadctl against the
# real services with `--record`. Run it through `make record`. It spends real credits (jobs, compute
# minutes); CI never runs it. Keys are scrubbed by the recorder; check `git diff` before committing.
#
#   BITBYBIT_API_KEY=… ORVILLE_API_KEY=… MAKISTRY_API_KEY=… make record
#   PROVIDERS="orville makistry" ORVILLE_API_KEY=… MAKISTRY_API_KEY=… make record
#
# Environment:
#   PROVIDERS   which providers to record (default: "bitbybit orville makistry")
#   CADCTL      the cadctl binary (make record sets it; default: cadctl on PATH)
#   *_BASE_URL  as for cadctl (default: the production URLs)
#
# The scenarios (one cadctl command each; the recorded file is named in the `rec` line):
#   orville:  live-create-job, live-wait-download, live-get-job, live-message-history, live-list-artifacts,
#             live-review, live-list-jobs, live-billing-balance
#   makistry: live-text-to-cad, live-wait-download, live-get-job, live-image-to-cad
#   bitbybit: live-models-list, live-model-params, live-model-run, live-cad-execute, live-cad-pipeline,
#             live-convert-step-to-gltf, live-files-list, live-tasks-list
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
recordings="$(dirname "$here")"
cadctl="${CADCTL:-cadctl}"
providers="${PROVIDERS:-bitbybit orville makistry}"

# --- Refuse to start without the keys ------------------------------------------------------------------
missing=()
for provider in $providers; do
    case "$provider" in
        bitbybit) variable=BITBYBIT_API_KEY ;;
        orville) variable=ORVILLE_API_KEY ;;
        makistry) variable=MAKISTRY_API_KEY ;;
        *) echo "record-live: unknown provider '$provider' in PROVIDERS (use bitbybit, orville, makistry)" >&2; exit 2 ;;
    esac
    if [ -z "${!variable:-}" ]; then missing+=("$variable"); fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "record-live: refusing to run: ${missing[*]} not set." >&2
    echo "record-live: set them (export ${missing[0]}=…), or choose providers with PROVIDERS=\"orville\" make record." >&2
    exit 2
fi
if ! command -v "$cadctl" >/dev/null 2>&1; then
    echo "record-live: cadctl not found at '$cadctl'; run it through \`make record\` or set CADCTL" >&2
    exit 2
fi

downloads="$(mktemp -d "${TMPDIR:-/tmp}/cadctl-record.XXXXXX")"
trap 'rm -rf "$downloads"' EXIT
failures="$downloads/failures"  # one line per failed command (rec also runs in $(…) subshells)
: >"$failures"

# rec PROVIDER SCENARIO cadctl-arguments…: runs cadctl, recording to Recordings/PROVIDER/live-SCENARIO.har;
# prints cadctl's stdout (ids, paths) for the caller. A failure is reported and counted, not fatal: the
# cassette of a failed exchange is still written, and the other scenarios still run.
rec() {
    local provider="$1" scenario="$2"
    shift 2
    local cassette="$recordings/$provider/live-$scenario.har"
    echo "record-live: $provider/live-$scenario.har: cadctl $*" >&2
    local status=0
    "$cadctl" "$@" --record "$cassette" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "record-live: $provider/live-$scenario.har: cadctl failed (exit $status); the cassette holds what happened" >&2
        echo "$provider/live-$scenario" >>"$failures"
        return 1
    fi
}

record_orville() {
    local job
    job="$(rec orville create-job jobs create --provider orville \
        --prompt "Create a simple flat rectangular bracket with two through holes.")" || return 0
    rec orville wait-download jobs wait "$job" --timeout 1800 --download "$downloads/orville" >/dev/null || true
    rec orville get-job jobs get "$job" --json >/dev/null || true
    rec orville message-history jobs messages "$job" --json >/dev/null || true
    rec orville list-artifacts artifacts list "$job" --json >/dev/null || true
    rec orville review jobs review "$job" --prompt "Review the current model for manufacturability." --json >/dev/null || true
    rec orville list-jobs jobs list --provider orville --limit 2 --json >/dev/null || true
    rec orville billing-balance billing balance --provider orville --json >/dev/null || true
}

record_makistry() {
    local job
    job="$(rec makistry text-to-cad jobs create --provider makistry --format step \
        --prompt "A 40x20x10mm rectangular box with a 5mm through-hole centered on the top face")" || return 0
    rec makistry wait-download jobs wait "$job" --timeout 1800 --download "$downloads/makistry" >/dev/null || true
    rec makistry get-job jobs get "$job" --json >/dev/null || true
    rec makistry image-to-cad jobs create --provider makistry --format stl --mode standard \
        --prompt "A wall bracket like the one in this sketch, 3 mm steel" \
        --image "$here/examples/images/mounting-plate-sketch.png" --json >/dev/null || true
}

record_bitbybit() {
    rec bitbybit models-list models list --json >/dev/null || true
    rec bitbybit model-params models params dragon-cup --json >/dev/null || true
    rec bitbybit model-run models run dragon-cup --param height=8 --format gltf --format step \
        --out "$downloads/bitbybit" >/dev/null || true
    rec bitbybit cad-execute cad execute --operation occt.shapes.solid.createBox \
        --params '{"width":10,"length":10,"height":10,"center":[0,0,0]}' --format step \
        --out "$downloads/bitbybit-execute" >/dev/null || true
    rec bitbybit cad-pipeline cad pipeline "$here/examples/pipeline-box-minus-sphere.json" \
        --out "$downloads/bitbybit-pipeline" >/dev/null || true
    # Converts the STEP the model run just produced (a real solid).
    local step
    step="$(find "$downloads/bitbybit" -maxdepth 1 -name '*.st*p' -print -quit 2>/dev/null || true)"
    if [ -n "$step" ]; then
        rec bitbybit convert-step-to-gltf convert step-to-gltf "$step" --out "$downloads/converted.glb" >/dev/null || true
    else
        echo "record-live: bitbybit/live-convert-step-to-gltf.har skipped: the model run left no STEP file" >&2
    fi
    rec bitbybit files-list files list --json >/dev/null || true
    rec bitbybit tasks-list tasks list --json >/dev/null || true
}

for provider in $providers; do
    "record_$provider"
done

if [ -s "$failures" ]; then
    echo "record-live: done with $(wc -l <"$failures") failed command(s): $(tr '\n' ' ' <"$failures")" >&2
    echo "record-live: inspect those cassettes before committing them" >&2
    exit 1
fi
echo "record-live: done; review \`git diff Recordings/\` (no key should appear) and commit" >&2
