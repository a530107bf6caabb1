#!/usr/bin/env python3
"""Lists the public symbols of our modules that have no doc comment, from the symbol graphs that
scripts/docs.sh extracts (.build/docs/symbol-graphs/<Module>/). Members the compiler synthesises
(hashValue, literal initialisers, protocol defaults) have no source location and are not counted.
Exits 1 when any is missing, so `make docs` fails on an undocumented public symbol."""
import glob
import json
import sys

missing = []
total = 0
for path in sorted(glob.glob(".build/docs/symbol-graphs/*/*.symbols.json")):
    module = path.split("/")[-2]
    graph = json.load(open(path))
    if graph["module"]["name"] != module:
        continue
    for symbol in graph["symbols"]:
        if symbol.get("accessLevel") not in ("public", "open") or "location" not in symbol:
            continue
        total += 1
        if not symbol.get("docComment"):
            location = symbol["location"]["uri"].split("/Sources/")[-1]
            line = symbol["location"]["position"]["line"] + 1
            missing.append(f"Sources/{location}:{line}: {module}.{'.'.join(symbol['pathComponents'])}")

for entry in missing:
    print(f"undocumented: {entry}")
print(f"docs: {total - len(missing)} of {total} public symbols documented")
sys.exit(1 if missing else 0)
