#!/usr/bin/env bash
# Builds a libFuzzer target with AddressSanitizer and runs it.
#   scripts/fuzz.sh query|csv SECONDS [extra libFuzzer flags…]
# Corpus: fuzz-out/corpus/TARGET (seeded by scripts/fuzz-seeds.sh); crashes, hangs (> 10 s per input)
# and sanitizer reports: fuzz-out/artifacts/TARGET/; the log: fuzz-out/TARGET.log. Replay a crash with a
# normal build: `swift build --product fuzz-query && .build/debug/fuzz-query fuzz-out/artifacts/query/crash-…`.
#
# How the build works on Swift 6.3 / Linux: SwiftPM links an executable's `main` to the module's entry
# point, so libFuzzer's own `main` can't be used; with `-DFUZZING` the target's `@main` calls
# `LLVMFuzzerRunDriver` (from the libFuzzer runtime that `-sanitize=fuzzer` links) instead of replaying files.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh query|csv SECONDS [libFuzzer flags…]}
seconds=${2:?usage: scripts/fuzz.sh query|csv SECONDS [libFuzzer flags…]}
shift 2
case "$target" in
    query) max_len=4096; dict=(-dict=scripts/fuzz-query.dict) ;;
    csv)   max_len=16384; dict=() ;;
    *) echo "unknown target $target (query or csv)" >&2; exit 2 ;;
esac
# No leak checks (-detect_leaks=0): LeakSanitizer can't see references held in Swift multi-payload
# enums (the case tag lives in the pointer's spare bits), so the fixture catalog of fuzz-query, built
# once and kept, is reported as leaked; and for fuzz-csv, libFuzzer's per-input malloc/free heuristic
# fires on every input (runtime caches, parser threads) and the leak scans cut it from ~5,000 to ~200
# inputs a second. ASan's memory-error checks stay on.
leaks=0
scratch=.build-fuzz
nice swift build -c release --scratch-path "$scratch" --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
corpus=fuzz-out/corpus/$target
artifacts=fuzz-out/artifacts/$target
if [ ! -d "$corpus" ]; then
    [ -d "fuzz-out/seeds/$target" ] || scripts/fuzz-seeds.sh
    mkdir -p "$corpus" && cp "fuzz-out/seeds/$target/"* "$corpus/"
fi
mkdir -p "$artifacts"
set +e
# The Swift runtime's backtracer would read the stack under ASan and itself be reported; libFuzzer reports crashes.
export SWIFT_BACKTRACE=enable=no
# ASan's own leak check at exit has the same blind spot (see -detect_leaks above).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
nice "$scratch/release/fuzz-$target" "$corpus" -max_total_time="$seconds" -timeout=10 -max_len="$max_len" \
    -detect_leaks="$leaks" -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "$@" \
    2>&1 | tee "fuzz-out/$target.log" | grep -E '^(#[0-9]+.*(pulse|DONE|INITED|RELOAD))|ERROR|SUMMARY|stat::|Done'
status=${PIPESTATUS[0]}
echo "exit status $status; log fuzz-out/$target.log; artifacts $(ls "$artifacts" | wc -l) in $artifacts"
exit "$status"
