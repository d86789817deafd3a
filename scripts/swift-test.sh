#!/usr/bin/env bash
# Runs `swift test ARGS…`, keeping its whole output in a log; when it fails, repeats the failing
# tests' lines at the end, where a CI system that shows only the tail of the output will show them.
set -uo pipefail
log=$(mktemp "${TMPDIR:-/tmp}/pipeq-test.XXXXXX")
# The tests' scratch files and folders (and Foundation's for atomic writes) go in a folder of their
# own, removed when the run ends, so repeated runs leave nothing behind in /tmp.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/pipeq-test-scratch.XXXXXX")
# PostgreSQL servers the tests start (GoldenSQLTests) list their folders in pg-servers; the tests stop them,
# and this stops any a crashed or killed test left running: a server's folder (pg-test-server.sh), or a sharded
# cluster's (pg-cluster.sh: the folder holds its three servers' folders, coord, shard1 and shard2).
stop_servers() {
    if [ -f "$scratch/pg-servers" ]; then
        while read -r folder; do
            if [ -d "$folder/coord" ]; then
                "$(dirname "$0")/pg-cluster.sh" stop "$folder"
            else
                "$(dirname "$0")/pg-test-server.sh" stop "$folder"
            fi
        done <"$scratch/pg-servers"
    fi
    rm -rf "$scratch"
}
trap stop_servers EXIT
export TMPDIR="$scratch"
"${SWIFT:-swift}" test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "── swift test $* failed (exit $status); the failures again (whole log: $log) ──"
    grep -E '✘|error:|failed|Fatal error|Assertion|Expectation failed' "$log" | grep -v '^◇' | head -60
    exit "$status"
fi
rm -f "$log"
