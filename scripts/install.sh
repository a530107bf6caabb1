#!/usr/bin/env bash
# `make install PREFIX=…`: copies the release binaries, generates the man pages with
# swift-argument-parser's generate-manual plugin, and writes bash, zsh and fish completions.
set -euo pipefail
prefix="${1:?usage: install.sh PREFIX}"
bin="$(swift build -c release --show-bin-path)"

install -d "$prefix/bin" "$prefix/share/man/man1" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
# Stripped: the binaries carry the Swift runtime (see RELEASE_BUILD in the Makefile).
# cadctl-occt (the STEP helper) goes beside cadctl; it needs OpenCASCADE's runtime libraries (docs/occt-helper.md).
install -s -m 0755 "$bin/cadctl" "$bin/cadctl-occt" "$bin/cad-sandbox" "$prefix/bin/"

man_dir="$(mktemp -d)"
trap 'rm -rf "$man_dir"' EXIT
swift package --allow-writing-to-directory "$man_dir" generate-manual --multi-page \
    --authors "cadctl contributors" --output-directory "$man_dir" >/dev/null
find "$man_dir" -name '*.1' -exec install -m 0644 {} "$prefix/share/man/man1/" \;

"$bin/cadctl" --generate-completion-script bash >"$prefix/share/bash-completion/completions/cadctl"
"$bin/cadctl" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_cadctl"
"$bin/cadctl" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/cadctl.fish"

echo "installed cadctl, cadctl-occt and cad-sandbox into $prefix/bin"
echo "cadctl-occt (STEP in inspect and preview) needs OpenCASCADE 7.6 at run time:"
echo "    sudo apt-get install -y libocct-foundation-7.6 libocct-modeling-data-7.6 libocct-modeling-algorithms-7.6 libocct-data-exchange-7.6"
echo "man pages: $(find "$prefix/share/man/man1" -name 'cadctl*.1' | wc -l) under $prefix/share/man/man1 (man cadctl)"
echo "completions: bash, zsh and fish under $prefix/share"
