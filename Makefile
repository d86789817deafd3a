# pipeq — two commands on a fresh Debian machine with the Swift toolchain:
#   make run    build, then open the shell on the bundled example data
#   make test   run the whole test suite (what CI runs)
# Both install what is missing first (libreadline-dev, zlib1g-dev; sqlite3 for the oracle tests).

SWIFT ?= swift
ASOF ?= 2026-11-01
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps bench clean

run: deps
	$(SWIFT) build -c release --product pipeq
	.build/release/pipeq examples/ --as-of $(ASOF)

# The whole suite, then again under AddressSanitizer (its own scratch folder). LeakSanitizer is off:
# it can't see pointers kept in Swift multi-payload enums and reports them as leaks (docs/hardening.md).
# scripts/swift-test.sh repeats any failures at the end of the output.
test: deps
	SWIFT=$(SWIFT) scripts/swift-test.sh
	ASAN_OPTIONS=detect_leaks=0 SWIFT=$(SWIFT) scripts/swift-test.sh --sanitize=address --scratch-path .build-asan

build: deps
	$(SWIFT) build -c release --product pipeq

bench: deps
	$(SWIFT) build -c release --product pipeq-bench
	$(SWIFT) build -c release --product pipeq
	.build/release/pipeq-bench $(BENCH_ARGS)

# libreadline-dev for the shell's line editing; zlib1g-dev for ZIPFoundation (.xlsx files); sqlite3 as the
# oracle for differential tests.
deps:
	@missing=""; \
	[ -f /usr/include/readline/readline.h ] || missing="$$missing libreadline-dev"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	command -v sqlite3 >/dev/null 2>&1 || missing="$$missing sqlite3"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build .build-asan bench-data
