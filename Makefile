# cadctl: the commands a fresh machine needs. Everything builds with SwiftPM; `make setup` brings the
# one system library (libcurl with OpenSSL) from Debian's packages.
SWIFT        ?= swift
PREFIX       ?= /usr/local
CONFIGURATION ?= debug
APT_PACKAGES := libcurl4-openssl-dev pkg-config tmux openssl
# The installed (and benchmarked) binaries carry the Swift runtime and Foundation inside them: they start
# about twice as fast (no dynamic loading of ~40 Swift libraries) and run on a machine without the Swift
# toolchain, needing only libcurl (Debian's libcurl4).
RELEASE_BUILD := build -c release --static-swift-stdlib

.PHONY: all setup build test example demo bench record fuzz install clean docs

all: build

## setup: install libcurl's development files (and tmux and openssl, for the real-terminal progress test and
## the private-CA TLS test) when missing
setup:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcurl && command -v tmux >/dev/null 2>&1 \
		&& command -v openssl >/dev/null 2>&1; then \
		echo "setup: libcurl $$(pkg-config --modversion libcurl), tmux and openssl found"; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "setup: installing $(APT_PACKAGES) with apt-get"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	else \
		echo "setup: libcurl's development files, tmux or openssl are missing. Install them with:"; \
		echo "    sudo apt-get install -y $(APT_PACKAGES)"; \
		exit 1; \
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
	$(SWIFT) test --skip-build --skip '$(subst $(space),|,$(ALONE_TESTS))'
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
	bash scripts/demo.sh

## install: release build of cadctl and cad-sandbox (Swift runtime linked in), man pages and bash/zsh/fish completions under PREFIX
install: setup
	$(SWIFT) $(RELEASE_BUILD) --product cadctl
	$(SWIFT) $(RELEASE_BUILD) --product cad-sandbox
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
	$(SWIFT) $(RELEASE_BUILD) --product cadctl
	$(SWIFT) $(RELEASE_BUILD) --product cad-sandbox
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
