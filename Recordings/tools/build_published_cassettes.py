#!/usr/bin/env python3
"""Builds the `published-examples` cassettes under Recordings/<provider>/ from the providers' published
documents (Python 3 standard library only; deterministic: re-running reproduces the files byte for byte).

    python3 Recordings/tools/build_published_cassettes.py          # or: make cassettes
    python3 Recordings/tools/build_published_cassettes.py --check  # exit 1 if a file would change

The example payloads live in orville_examples.py, makistry_examples.py and bitbybit_examples.py (one
function per provider, one Scenario per cassette) and payloads.py (the small files sent and received).
Request bodies a cassette keeps only as a digest (multipart with binary images, `_omitted`) are written to
Recordings/tools/examples/bodies/<sha256>.bin so tests and SDK replays can send exactly those bytes; the
stand-in images go to Recordings/tools/examples/images/.
Cassettes of other sources (`live`, `sandbox`) are never touched; stale published-example cassettes
(scenarios no longer built) are removed.
"""

import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bitbybit_examples  # noqa: E402
import makistry_examples  # noqa: E402
import orville_examples  # noqa: E402
import payloads  # noqa: E402
from har import encode  # noqa: E402
from openapi_check import OpenAPI  # noqa: E402

RECORDINGS = os.path.dirname(HERE)
OPENAPI = os.path.join(os.path.dirname(RECORDINGS), "Sources", "CADSandbox", "Resources", "bitbybit-openapi.json")
BODIES = os.path.join(HERE, "examples", "bodies")
IMAGES = os.path.join(HERE, "examples", "images")
# The build date the cassettes carry in `_cadctl.recordedAt` (fixed, so output is reproducible).
RECORDED_AT = "2026-11-24T00:00:00Z"
GENERATOR_VERSION = "1.0"


def scenarios():
    for module in (orville_examples, makistry_examples, bitbybit_examples):
        yield from module.build(RECORDED_AT, GENERATOR_VERSION)


def check_bitbybit(scenario, api):
    """Every Bitbybit API exchange against the OpenAPI document: the request body valid for its operation
    (except a deliberate 400 VALIDATION_ERROR), the response valid for its status."""
    from urllib.parse import urlsplit
    problems = []
    for number, entry in enumerate(scenario.entries, 1):
        request = entry["request"]
        url = urlsplit(request["url"])
        if url.hostname != "api.bitbybit.dev":
            continue
        post = request.get("postData")
        body = json.loads(post["text"]) if post else None
        response = json.loads(entry["response"]["content"]["text"])
        found = api.check_response(request["method"], url.path, entry["response"]["status"], response)
        deliberate = entry["response"]["status"] == 400 and response["error"]["code"] == "VALIDATION_ERROR"
        if not deliberate:
            found += api.check_request(request["method"], url.path, body)
        problems += [f"bitbybit/{scenario.name}.har #{number} {request['method']} {url.path}: {p}" for p in found]
    return problems


def planned():
    """{path: bytes} for every file the generator owns."""
    files = {}
    api = OpenAPI(OPENAPI)
    problems = []
    for scenario in scenarios():
        if scenario.provider == "bitbybit":
            problems += check_bitbybit(scenario, api)
        path = os.path.join(RECORDINGS, scenario.provider, scenario.name + ".har")
        if path in files:
            raise SystemExit(f"two scenarios write {path}")
        files[path] = (encode(scenario.document(GENERATOR_VERSION)) + "\n").encode("utf-8")
        for digest, data in scenario.omitted_bodies.items():
            files[os.path.join(BODIES, digest + ".bin")] = data
    # The stand-in images on their own, for record-live.sh and SDK replays that send them from disk.
    for name, data in payloads.IMAGES.items():
        files[os.path.join(IMAGES, name)] = data
    if problems:
        raise SystemExit("Bitbybit bodies the OpenAPI document does not accept:\n  " + "\n  ".join(problems))
    return files


def stale(files):
    """Published-example cassettes and body files on disk that no scenario produces any more."""
    found = []
    for provider in ("orville", "makistry", "bitbybit"):
        directory = os.path.join(RECORDINGS, provider)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if not name.endswith(".har") or path in files:
                continue
            try:
                with open(path, encoding="utf-8") as handle:
                    source = json.load(handle)["log"].get("_cadctl", {}).get("source")
            except (OSError, ValueError, KeyError):
                continue
            if source == "published-examples":
                found.append(path)
    for directory in (BODIES, IMAGES):
        if os.path.isdir(directory):
            found += [os.path.join(directory, n) for n in sorted(os.listdir(directory))
                      if os.path.join(directory, n) not in files]
    return found


def main(argv):
    check = "--check" in argv
    files = planned()
    changed = []
    for path, data in sorted(files.items()):
        try:
            with open(path, "rb") as handle:
                same = handle.read() == data
        except OSError:
            same = False
        if same:
            continue
        changed.append(path)
        if not check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            temporary = path + ".tmp"
            with open(temporary, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
    removed = stale(files)
    if not check:
        for path in removed:
            os.remove(path)
    cassettes = sum(1 for p in files if p.endswith(".har"))
    relative = lambda p: os.path.relpath(p, os.path.dirname(RECORDINGS))  # noqa: E731
    if check:
        for path in changed + removed:
            print(f"out of date: {relative(path)}", file=sys.stderr)
        if changed or removed:
            print("run `make cassettes` (python3 Recordings/tools/build_published_cassettes.py)", file=sys.stderr)
            return 1
        print(f"{cassettes} published-example cassettes up to date")
        return 0
    for path in changed:
        print(f"wrote {relative(path)}")
    for path in removed:
        print(f"removed {relative(path)}")
    print(f"{cassettes} published-example cassettes ({len(changed)} changed, {len(removed)} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
