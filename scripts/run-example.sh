#!/usr/bin/env bash
# `make example` (and the end of `make test`): build Examples/CADService, a consumer package of its own, start
# the sandbox on free ports, run the example with the sandbox's environment, check that every file it reports
# exists and is not empty, then run the DocC articles' snippets (doc-snippets) the same way; stop the sandbox.
# Before building: scripts/check-doc-snippets.py (every DocC snippet is code of the example or of a test).
set -euo pipefail

SWIFT="${SWIFT:-swift}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXAMPLE="$ROOT/Examples/CADService"
# shellcheck source=scripts/sandbox.sh
. "$(dirname "$0")/sandbox.sh"

say() { echo "example: $*" >&2; }

# The README shows these files verbatim: keep the two in step.
for file in Providers.swift GeneratePart.swift RunModel.swift; do
    python3 - "$ROOT/README.md" "$EXAMPLE/Sources/cad-service-example/$file" <<'PY' || { say "README.md does not show $file as written"; exit 1; }
import sys
readme, code = (open(path, encoding="utf-8").read() for path in sys.argv[1:])
sys.exit(0 if "```swift\n" + code + "```" in readme else 1)
PY
done

# Every Swift snippet of the DocC articles is code of the example package or of a test (run by `make test`).
python3 "$ROOT/scripts/check-doc-snippets.py" "$ROOT"

say "building cad-sandbox and Examples/CADService"
"$SWIFT" build --package-path "$ROOT" --product cad-sandbox
# SwiftPM keeps the build plan of a path dependency after files of it move, then fails on "missing inputs";
# dropping the plan (not the build) makes it plan again.
rm -f "$EXAMPLE/.build/debug.yaml"
"$SWIFT" build --package-path "$EXAMPLE"
sandbox="$("$SWIFT" build --package-path "$ROOT" --show-bin-path)/cad-sandbox"
example="$("$SWIFT" build --package-path "$EXAMPLE" --show-bin-path)/cad-service-example"
snippets="$("$SWIFT" build --package-path "$EXAMPLE" --show-bin-path)/doc-snippets"

say "starting the sandbox"
start_sandbox "$sandbox" "$workdir" example

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

say "running the DocC articles' snippets (doc-snippets $workdir/snippets)"
"$snippets" "$workdir/snippets" >"$workdir/snippets.out"
say "ok: the DocC articles' snippets ran"
