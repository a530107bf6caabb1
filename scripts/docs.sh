#!/usr/bin/env bash
# Renders each public module's DocC catalog (Sources/<Module>/<Module>.docc) into
# .build/docs/<Module>.doccarchive with the toolchain's own docc: symbol graphs are extracted from the
# debug build's modules, so nothing is fetched and no package plugin is needed.
# Run through `make docs` (which builds first). Serve an archive with any static web server, or
# `docc preview Sources/Orville/Orville.docc --additional-symbol-graph-dir .build/docs/symbol-graphs/Orville`.
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(CADTransport CADCrypto CADCore CADObservability CADRecording CADLedger Orville Makistry Bitbybit CADSandbox CADGeometry CADCLICore CADMCP)
bin="$(swift build --show-bin-path)"
# Every C module of the build (CCurl, and the dependencies' shims), so any module's imports resolve.
clang_flags=()
while IFS= read -r map; do clang_flags+=(-Xcc "-fmodule-map-file=$map"); done \
    < <(find "$bin/" -path '*.build/module.modulemap')
# C targets that ship their own module map (in the package's and its dependencies' include folders).
while IFS= read -r map; do clang_flags+=(-Xcc "-I$(dirname "$map")"); done \
    < <(find Sources .build/checkouts -path '*/include/module.modulemap' 2>/dev/null)
# System-library targets (ours, such as CADZlib, and the dependencies', such as GRDB's GRDBSQLite) keep their
# module map at the target's root.
while IFS= read -r map; do clang_flags+=(-Xcc "-fmodule-map-file=$map"); done \
    < <(find Sources -mindepth 2 -maxdepth 2 -name module.modulemap;
        find .build/checkouts -mindepth 4 -maxdepth 4 -path '*/Sources/*/module.modulemap' 2>/dev/null)
target="$(uname -m)-unknown-linux-gnu"
out=".build/docs"
mkdir -p "$out"
warnings=0

for module in "${modules[@]}"; do
    graphs="$out/symbol-graphs/$module"
    rm -rf "$graphs" "$out/$module.doccarchive"
    mkdir -p "$graphs"
    swift-symbolgraph-extract -module-name "$module" -I "$bin/Modules" \
        "${clang_flags[@]}" -Xcc "-ISources/CCurl/include" \
        -target "$target" -minimum-access-level public -output-dir "$graphs"
    docc convert "Sources/$module/$module.docc" \
        --fallback-display-name "$module" --fallback-bundle-identifier "dev.cadctl.$module" \
        --additional-symbol-graph-dir "$graphs" --output-path "$out/$module.doccarchive" >"$out/$module.log" 2>&1 || { cat "$out/$module.log"; exit 1; }
    count="$(grep -c 'warning:' "$out/$module.log" || true)"
    warnings=$((warnings + count))
    echo "docs: $out/$module.doccarchive ($count warnings, see $out/$module.log)"
done
if [ "$warnings" -gt 0 ]; then
    grep -h -A1 'warning:' "$out"/*.log
    echo "docs: $warnings DocC warnings (above); fix them" >&2
    exit 1
fi
# Every public symbol written in our sources has a doc comment.
python3 scripts/doc-coverage.py
