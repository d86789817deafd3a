#!/usr/bin/env bash
# Builds pipeq_VERSION_ARCH.deb in the repository root from the binary given (make deb passes the release build):
# the same files `make install` installs, under /usr, the man page compressed and the binary stripped as Debian does. Depends is
# worked out from the libraries the binary links (each must come from a Debian package: the Swift runtime is
# linked in statically).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/pipeq}
version=$("$binary" --version | cut -d' ' -f1)
arch=$(dpkg --print-architecture)
root=.build/deb/pipeq_${version}_${arch}
rm -rf "$root"
make --no-print-directory install-files PIPEQ="$binary" PREFIX=/usr DESTDIR="$root" GENERATED=.build/deb/generated
gzip -9n "$root/usr/share/man/man1/pipeq.1"
strip --strip-unneeded "$root/usr/bin/pipeq"  # as dh_strip does: a third smaller

# One package per shared library the binary needs (libc6, libreadline8, zlib1g, …), at the installed version or later.
depends=()
for library in $(ldd "$binary" | awk '/=> \// { print $3 }'); do
    real=$(readlink -f "$library")
    package=$(dpkg -S "$library" 2>/dev/null || dpkg -S "$real" 2>/dev/null || true)
    if [ -z "$package" ]; then
        echo "make-deb: $library (needed by $binary) belongs to no Debian package; build with --static-swift-stdlib" >&2
        exit 1
    fi
    package=${package%%:*}
    depends+=("$package (>= $(dpkg-query -W -f='${Version}' "$package" | sed 's/-[^-]*$//'))")
done
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, | sed 's/,/, /g')

mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: pipeq
Version: $version
Architecture: $arch
Maintainer: pipeq <pipeq@invalid.example>
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Depends: $depends_line
Section: utils
Priority: optional
Description: query shell for sales-pipeline CSV exports
 pipeq loads CRM exports (deals, stage history, reps) into an in-memory
 columnar engine and answers pipe-style queries: win rates, funnels,
 stage times, forecasts, stalled deals. Includes a man page and bash, zsh
 and fish completions.
CONTROL
dpkg-deb --root-owner-group --build "$root" "pipeq_${version}_${arch}.deb"
