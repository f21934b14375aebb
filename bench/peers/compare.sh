#!/bin/bash
# The same data through dangjian, DuckDB and SQLite: load and check time,
# peak memory and the findings of the seven rules, side by side.
#
#   bench/peers/compare.sh STEM [--no-sqlite]
#
# STEM/ holds the generator's CSV tables, and STEM.djs the same data as its
# snapshot: dangjian reads both (the CSV tables as DuckDB and SQLite read
# them; the .djs, the form it is made to load fast), the peers the tables.
#   build/bin/dangjian_generate --members 100000 --out /tmp/city.djs --csv /tmp/city
#   bench/peers/compare.sh /tmp/city
# `make peers` installs what it needs (sqlite3, node and @duckdb/node-api).
set -euo pipefail
stem=${1%/}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Each engine's files read once just before it runs, so that each starts
# from the page cache when it can hold them, whatever ran before.
warm() { cat "$@" > /dev/null; }
warm "$stem"/*.csv
/usr/bin/time -f "%M" -o "$out/csv.rss" "$root/build/bin/dangjian_scale" "$stem" > "$out/csv"
if [[ -f "$stem.djs" ]]; then
  warm "$stem.djs"
  /usr/bin/time -f "%M" -o "$out/djs.rss" "$root/build/bin/dangjian_scale" "$stem.djs" > "$out/djs"
fi
warm "$stem"/*.csv
(cd "$here" && node duckdb.mjs "$stem") > "$out/duckdb"
if [[ "${2:-}" != "--no-sqlite" ]]; then warm "$stem"/*.csv; "$here/sqlite.sh" "$stem" > "$out/sqlite"; fi

value() { awk -F'\t' -v k="$2" '$2 == k { print $3; exit }' "$1" 2>/dev/null; }     # peers: "duckdb<TAB>load<TAB>1.07 s"
ours() { awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1" 2>/dev/null; }       # dangjian_scale: "load<TAB>0.40 s"
count() { awk -F'\t' -v k="$2" '$2 == k { print $4; exit }' "$1" 2>/dev/null | sed 's/ findings//'; }
peak() { [[ -f "$1" ]] && echo "$(( $(cat "$1") / 1024 )) MB"; }
# load + check, in seconds: "1.23 s"
sum() { awk -v a="${1% s}" -v b="${2% s}" 'BEGIN { if (a != "" && b != "") printf "%.2f s", a + b }'; }
row() { printf '%-34s %16s %16s %16s %16s\n' "$@"; }
row "" "dangjian CSV" "dangjian .djs" duckdb sqlite
row load "$(ours "$out/csv" load)" "$(ours "$out/djs" load)" "$(value "$out/duckdb" load)" "$(value "$out/sqlite" load)"
row "check (dangjian: every rule)" "$(ours "$out/csv" check)" "$(ours "$out/djs" check)" \
  "$(value "$out/duckdb" check)" "$(value "$out/sqlite" check)"
row "load + check" "$(sum "$(ours "$out/csv" load)" "$(ours "$out/csv" check)")" \
  "$(sum "$(ours "$out/djs" load)" "$(ours "$out/djs" check)")" \
  "$(sum "$(value "$out/duckdb" load)" "$(value "$out/duckdb" check)")" \
  "$(sum "$(value "$out/sqlite" load)" "$(value "$out/sqlite" check)")"
row "peak memory" "$(peak "$out/csv.rss")" "$(peak "$out/djs.rss")" "$(value "$out/duckdb" peak)" "$(value "$out/sqlite" peak)"
echo "findings"
for pair in setup.branch_min_full_members:branch_min_full_members setup.branch_committee_required:branch_committee_required \
            term.expired:term_expired life.general_meeting:general_meeting life.committee_meeting:committee_meeting \
            member.dues_unpaid_run:dues_unpaid_run member.no_org_life_run:no_org_life_run; do
  rule=${pair%%:*} view=${pair##*:}
  csv=$(awk -F'\t' -v k="$rule" '$1 == "rule" && $2 == k { print $3 }' "$out/csv")
  djs=$(awk -F'\t' -v k="$rule" '$1 == "rule" && $2 == k { print $3 }' "$out/djs" 2>/dev/null)
  [[ -f "$out/djs" ]] && djs=${djs:-0}
  row "  $rule" "${csv:-0}" "$djs" "$(count "$out/duckdb" "$view")" "$(count "$out/sqlite" "$view")"
done
