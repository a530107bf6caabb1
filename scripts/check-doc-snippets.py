#!/usr/bin/env python3
"""Every Swift snippet of the DocC articles is code that is compiled and run.

For each ```swift block of Sources/*/*.docc/*.md, the block's lines (indentation removed, `import` lines
aside) must appear as consecutive lines of one Swift file under Examples/ or Tests/, and that file must
import what the block imports. Those files are the example package `make example` runs against the
sandbox and the test targets `make test` runs, so a snippet that stops compiling or working fails the
build. Blocks that are manifest excerpts (starting with `.package` or `.product`) are compared with
Examples/CADService/Package.swift instead.

Usage: scripts/check-doc-snippets.py [REPOSITORY_ROOT]; exit 1 listing each snippet not found.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)


def blocks(article):
    """(line number, lines) of each ```swift block."""
    found, current, start = [], None, 0
    for number, line in enumerate(article.read_text(encoding="utf-8").splitlines(), 1):
        if current is None and line.strip() == "```swift":
            current, start = [], number
        elif current is not None and line.strip() == "```":
            found.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return found


def normalized(lines):
    """Lines without indentation, trailing blanks or empty lines."""
    return [line.strip() for line in lines if line.strip()]


hosts = {}
for directory in ("Examples", "Tests"):
    for path in (root / directory).rglob("*.swift"):
        if ".build" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        hosts[path] = (normalized(text.splitlines()), set(re.findall(r"^\s*(?:@testable\s+)?import\s+(\w+)", text, re.M)))
manifest = normalized((root / "Examples/CADService/Package.swift").read_text(encoding="utf-8").splitlines())


def contains(haystack, needle):
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


missing = []
articles = sorted(root.glob("Sources/*/*.docc/*.md"))
count = 0
for article in articles:
    for start, lines in blocks(article):
        count += 1
        code = normalized(lines)
        imports = {line.split()[1] for line in code if line.startswith("import ")}
        body = [line for line in code if not line.startswith("import ")]
        where = f"{article.relative_to(root)}:{start}"
        if body and body[0].startswith((".package", ".product")):
            # A URL with `…` stands for the reader's own; every other line is the example's manifest.
            ok = all(line in manifest for line in body if not line.startswith("//") and "…" not in line)
        elif not body:
            ok = any(imports <= host_imports for _, host_imports in hosts.values())
        else:
            ok = any(contains(lines_, body) and imports <= host_imports for lines_, host_imports in hosts.values())
        if not ok:
            missing.append(f"{where}: not found as written in any Swift file under Examples/ or Tests/ "
                           f"(first line: {body[0] if body else '(imports only)'})")

if missing:
    print("doc snippets: these DocC snippets are not compiled and run anywhere; copy each, as written, into the "
          "example package or a test that runs it:", file=sys.stderr)
    for line in missing:
        print("  " + line, file=sys.stderr)
    sys.exit(1)
print(f"doc snippets: all {count} Swift snippets of {len(articles)} DocC articles are compiled and run")
