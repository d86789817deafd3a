#!/usr/bin/env bash
# Writes seed corpora for the fuzz targets (scripts/fuzz.sh runs this when a corpus is missing):
#   fuzz-out/seeds/query  one file per query from the golden tests (Tests/PipeQGoldenTests/Cases/*.test)
#                         and per line of the example scripts (examples/*.pq)
#   fuzz-out/seeds/csv    the example and fixture CSVs (their first 40 lines) and the csv-spectrum files
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-fuzz-out/seeds}
rm -rf "$out/query" "$out/csv"
mkdir -p "$out/query" "$out/csv"

# Golden blocks: the lines after "query…", "statement ok" or "error" up to "----" (or a blank line).
awk -v dir="$out/query" '
    function flush() { if (text != "") { n++; f = sprintf("%s/golden-%04d", dir, n); printf "%s", text > f; close(f) } text = ""; inq = 0 }
    /^(query|statement ok|error)/ { flush(); inq = 1; next }
    inq && (/^----$/ || /^$/) { flush(); next }
    inq { text = text $0 "\n" }
    END { flush() }
' Tests/PipeQGoldenTests/Cases/*.test

n=0
for script in examples/*.pq; do
    grep -v '^[[:space:]]*\(#\|$\)' "$script" | while IFS= read -r line; do
        n=$((n + 1)); printf '%s\n' "$line" > "$out/query/$(basename "$script" .pq)-$n"
    done
done

for csv in examples/*.csv Tests/PipeQGoldenTests/Data/*/*.csv; do
    head -n 40 "$csv" > "$out/csv/$(basename "$(dirname "$csv")")-$(basename "$csv")"
done
cp Tests/PipeQStorageTests/Fixtures/csv-spectrum/csvs/*.csv "$out/csv/"
for csv in Tests/PipeQStorageTests/Fixtures/locale/*.csv Tests/PipeQStorageTests/Fixtures/pipedrive-*/*.csv; do
    head -n 40 "$csv" > "$out/csv/$(basename "$(dirname "$csv")")-$(basename "$csv")"
done
# Two files in one input, split by a 0x1E byte (deals, then history), for the adapters that read tables together:
# each golden dataset's first two CSV files.
for dir in Tests/PipeQGoldenTests/Data/*/ Tests/PipeQStorageTests/Fixtures/pipedrive-changelog/; do
    files=("$dir"*.csv)
    [ "${#files[@]}" -ge 2 ] || continue
    { head -n 30 "${files[0]}"; printf '\036'; head -n 30 "${files[1]}"; } > "$out/csv/pair-$(basename "$dir")"
done
echo "seeds: $(ls "$out/query" | wc -l) queries, $(ls "$out/csv" | wc -l) CSV files in $out"
