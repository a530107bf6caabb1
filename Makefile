# cadctl: the commands a fresh machine needs. Everything builds with SwiftPM; `make setup` brings the
# system libraries (libcurl with OpenSSL, OpenSSL's libcrypto headers for SHA-256/HMAC, and OpenCASCADE for
# the cadctl-occt helper) from Debian's packages.
SWIFT        ?= swift
PREFIX       ?= /usr/local
CONFIGURATION ?= debug
# OpenCASCADE 7.6 (cadctl-occt, the STEP helper of `inspect` and `preview`: docs/occt-helper.md).
OCCT_PACKAGES := libocct-foundation-dev libocct-modeling-data-dev libocct-modeling-algorithms-dev \
	libocct-data-exchange-dev
APT_PACKAGES := libcurl4-openssl-dev libssl-dev libsqlite3-dev zlib1g-dev pkg-config tmux openssl nginx $(OCCT_PACKAGES)
# The official Python MCP SDK, which the `cadctl mcp` tests drive the server with (a client that is not
# ours), in a virtual environment under .build so the system Python is untouched.
PYTHON_MCP_VENV := .build/venv
PYTHON_MCP_PACKAGE := mcp==2.3.0
# One header of each OpenCASCADE package above, to tell whether they are installed.
OCCT_HEADERS := Standard_Version.hxx BRep_Tool.hxx BRepMesh_IncrementalMesh.hxx STEPControl_Reader.hxx
# The installed (and benchmarked) binaries carry the Swift runtime and Foundation inside them: they start
# about twice as fast (no dynamic loading of ~40 Swift libraries) and run on a machine without the Swift
# toolchain, needing only libcurl and SQLite (Debian's libcurl4 and libsqlite3-0).
RELEASE_BUILD := build -c release --static-swift-stdlib
# ... and libstdc++ (the Swift runtime's C++ library) too: loading libstdc++.so and binding its symbols cost
# cadctl about 1 ms of every start (Benchmarks/NOTES.md, "Start-up and sync, counted again"). swiftc's link
# line names -lstdc++ before anything a package or `-Xlinker` can add, so the linker takes the first libstdc++
# it finds along the -L path; SwiftPM's products directory comes before GCC's, and a link to GCC's
# libstdc++.a placed there is that first one. Only cadctl and cad-sandbox are linked with it: cadctl-occt
# must share the one libstdc++.so OpenCASCADE's libraries load (C++ exceptions cross between them), so the
# link is removed before it is built. Debug builds and tests (.build/debug) never see it.
STATIC_CXX := $(shell gcc -print-file-name=libstdc++.a 2>/dev/null)
RELEASE_PRODUCTS := .build/$(shell uname -m)-unknown-linux-gnu/release
define link_static_cxx
	@mkdir -p $(RELEASE_PRODUCTS)
	@if [ -f "$(STATIC_CXX)" ]; then ln -sf "$(STATIC_CXX)" $(RELEASE_PRODUCTS)/libstdc++.a; \
	else echo "note: no libstdc++.a from gcc; the release binaries load libstdc++.so"; fi
endef
define unlink_static_cxx
	@rm -f $(RELEASE_PRODUCTS)/libstdc++.a
endef

.PHONY: all setup build test example demo bench record fuzz install clean docs

all: build

## setup: install the development files of libcurl, libcrypto (digests), SQLite (the ledger), zlib (PNG) and
## OpenCASCADE (and tmux and openssl, for the real-terminal progress test, the private-CA TLS test and the
## digest tests, and nginx for the HTTP/2 tests) when missing
setup:
	@occt=yes; for header in $(OCCT_HEADERS); do [ -f "/usr/include/opencascade/$$header" ] || occt=no; done; \
	if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl && pkg-config --exists libcrypto \
		&& pkg-config --exists zlib && pkg-config --exists sqlite3 && command -v tmux >/dev/null 2>&1 \
		&& command -v openssl >/dev/null 2>&1 && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 \
		&& [ "$$occt" = yes ]; then \
		echo "setup: libcurl $$(pkg-config --modversion libcurl), libcrypto $$(pkg-config --modversion libcrypto), sqlite $$(pkg-config --modversion sqlite3), OpenCASCADE, tmux, openssl and nginx found"; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "setup: installing $(APT_PACKAGES) with apt-get"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	else \
		echo "setup: the development files of libcurl, libcrypto, SQLite, zlib or OpenCASCADE, tmux, openssl or nginx are missing. Install them with:"; \
		echo "    sudo apt-get install -y $(APT_PACKAGES)"; \
		exit 1; \
	fi
	@$(MAKE) --no-print-directory python-mcp

## python-mcp: the Python MCP SDK in .build/venv (python3 -m venv; pip from PyPI), for the `cadctl mcp` tests
.PHONY: python-mcp
python-mcp:
	@if [ -x $(PYTHON_MCP_VENV)/bin/python ] && $(PYTHON_MCP_VENV)/bin/python -c 'import mcp' 2>/dev/null \
		&& [ "$$($(PYTHON_MCP_VENV)/bin/pip show mcp 2>/dev/null | sed -n 's/^Version: //p')" = "$(subst mcp==,,$(PYTHON_MCP_PACKAGE))" ]; then \
		echo "setup: $(PYTHON_MCP_PACKAGE) found in $(PYTHON_MCP_VENV)"; \
	else \
		command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' 2>/dev/null || { \
			if [ "$$(id -u)" = "0" ]; then \
				DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv; \
			else echo "setup: python3 with venv is missing: sudo apt-get install -y python3 python3-venv"; exit 1; fi; }; \
		echo "setup: installing $(PYTHON_MCP_PACKAGE) into $(PYTHON_MCP_VENV)"; \
		rm -rf $(PYTHON_MCP_VENV) && python3 -m venv $(PYTHON_MCP_VENV) && \
		$(PYTHON_MCP_VENV)/bin/pip install -q --disable-pip-version-check "$(PYTHON_MCP_PACKAGE)"; \
	fi

## build: compile everything (debug by default; CONFIGURATION=release for an optimised build)
build: setup
	$(SWIFT) build -c $(CONFIGURATION)

## test: setup, then the whole test suite (in two passes, see ALONE_TESTS) and the example package
# Tests that measure the whole process (peak memory), load it on purpose (500 concurrent jobs, a 50 MB
# body) or keep both cores busy (the fuzzers) run after the main pass, one at a time, so they neither
# disturb the timing of the other tests nor are disturbed by them.
ALONE_TESTS := StreamingTests/largeDownload StreamingTests/largeUpload LoadTests BadResponseTests/hugeBody FuzzTests
empty :=
space := $(empty) $(empty)

test: setup
	$(SWIFT) build --build-tests
	CADCTL_REQUIRE_PYTHON_MCP=1 $(SWIFT) test --skip-build --skip '$(subst $(space),|,$(ALONE_TESTS))'
	SWIFT="$(SWIFT)" bash scripts/run-example.sh
	@for filter in $(ALONE_TESTS); do \
		echo "== alone: $$filter"; \
		$(SWIFT) test --skip-build --filter "$$filter" || exit 1; \
	done

## fuzz: the property-based fuzzers (Tests/FuzzTests) with many more cases than `make test` runs
FUZZ_COUNT ?= 20000
fuzz: setup
	$(SWIFT) build --build-tests
	CADCTL_FUZZ_COUNT=$(FUZZ_COUNT) $(SWIFT) test --skip-build --filter FuzzTests

## example: build Examples/CADService (a consumer package of its own: the README's SDK code) and run it against
## the sandbox, checking the files it writes
example: setup
	SWIFT="$(SWIFT)" bash scripts/run-example.sh

## demo: build, start the sandbox, create and download an Orville job and a Bitbybit model, stop
demo: setup
	$(SWIFT) build --product cad-sandbox
	$(SWIFT) build --product cadctl
	$(SWIFT) build --product cadctl-occt
	bash scripts/demo.sh

## install: release build of cadctl, cadctl-occt and cad-sandbox (Swift runtime linked in), man pages and
## bash/zsh/fish completions under PREFIX
install: setup
	$(link_static_cxx)
	$(SWIFT) $(RELEASE_BUILD) --product cadctl
	$(SWIFT) $(RELEASE_BUILD) --product cad-sandbox
	$(unlink_static_cxx)
	$(SWIFT) $(RELEASE_BUILD) --product cadctl-occt
	bash scripts/install.sh "$(DESTDIR)$(PREFIX)"

## docs: render each module's DocC catalog into .build/docs/<Module>.doccarchive (the toolchain's docc, offline)
docs: setup
	$(SWIFT) build
	bash scripts/docs.sh

## bench: release builds, then the transport benchmarks against libcurl's C API, URLSession,
## AsyncHTTPClient and the curl command, written to BENCHMARKS.md (BENCH_QUICK=1: small sizes, a smoke run;
## BENCH_RUNS=N: repetitions). The peers live in Benchmarks/, a package of its own that `make test` never builds.
bench: setup
	@command -v curl >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then \
			echo "bench: installing curl with apt-get"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; \
		else echo "bench: the curl command is missing: sudo apt-get install -y curl"; exit 1; fi; }
	$(link_static_cxx)
	$(SWIFT) $(RELEASE_BUILD) --product cadctl
	$(SWIFT) $(RELEASE_BUILD) --product cad-sandbox
	$(unlink_static_cxx)
	$(SWIFT) $(RELEASE_BUILD) --product cadctl-occt
	@# trimesh (PyPI) for workload 6, in a virtual environment of its own under .build/.
	@[ -x .build/bench-venv/bin/python ] && .build/bench-venv/bin/python -c "import trimesh, scipy" 2>/dev/null || { \
		python3 -m venv .build/bench-venv && .build/bench-venv/bin/pip install -q trimesh numpy scipy networkx; }
	@# SwiftPM keeps the build plan of a path dependency after files of it move, then fails on "missing
	@# inputs"; dropping the plan (not the build) makes it plan again.
	rm -f Benchmarks/.build/release.yaml
	cd Benchmarks && $(SWIFT) build -c release
	BENCH_ROOT="$(CURDIR)" BENCH_COMMAND="$(if $(BENCH_QUICK),BENCH_QUICK=$(BENCH_QUICK) )make bench" \
		Benchmarks/.build/release/cadctl-bench

clean:
	rm -rf .build

## cassettes: rebuild the published-example cassettes in Recordings/ from the providers' documents
.PHONY: cassettes
cassettes:
	python3 Recordings/tools/build_published_cassettes.py

## record: refresh the live cassettes (Recordings/<provider>/live-*.har) against the real services;
## needs BITBYBIT_API_KEY, ORVILLE_API_KEY and MAKISTRY_API_KEY (PROVIDERS="orville" for a subset);
## spends real credits, never run by CI
record: setup
	$(SWIFT) build --product cadctl
	CADCTL="$$($(SWIFT) build --show-bin-path)/cadctl" bash Recordings/tools/record-live.sh
