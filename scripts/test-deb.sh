#!/usr/bin/env bash
# Installs the package `make deb` built with apt, checks what it installed, then purges it and checks that nothing
# is left. Needs root, and refuses to run when pipeq is already installed (it would replace it).
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls pipeq_*.deb 2>/dev/null | tail -1)
[ -n "$deb" ] || { echo "test-deb: no pipeq_*.deb here; run make deb first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "test-deb: needs root (apt install)" >&2; exit 1; }
if dpkg -s pipeq >/dev/null 2>&1 || command -v pipeq >/dev/null 2>&1; then
    echo "test-deb: pipeq is already installed; not touching it" >&2
    exit 1
fi
trap 'apt-get purge -y -qq pipeq >/dev/null 2>&1 || true' EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
files=$(dpkg -L pipeq)
echo "installed: $(echo "$files" | grep -c .) paths"
version=$(pipeq --version)
echo "pipeq --version: $version"
[ "$(command -v pipeq)" = /usr/bin/pipeq ]
[ "$(pipeq examples/ --format csv -c 'deals | count')" = "$(printf 'count\n3000')" ]
[ "$(man -w pipeq)" = /usr/share/man/man1/pipeq.1.gz ]
MANPAGER=cat MANWIDTH=80 man pipeq 2>&1 | grep -q '^META-COMMANDS'
bash -c 'source /usr/share/bash-completion/completions/pipeq && complete -p pipeq' | grep -q pipeq
[ -f /usr/share/zsh/vendor-completions/_pipeq ] && [ -f /usr/share/fish/vendor_completions.d/pipeq.fish ]

DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pipeq >/dev/null
trap - EXIT
left=$(for f in $files; do [ -f "$f" ] && echo "$f"; done || true)
[ -z "$left" ] || { echo "test-deb: left behind after purge: $left" >&2; exit 1; }
! dpkg -s pipeq >/dev/null 2>&1
echo "test-deb: installed, ran, read the man page and completions, purged cleanly"
