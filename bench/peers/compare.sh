#!/bin/bash
# The same data through dangjian, DuckDB and SQLite: load and check time,
# peak memory and the findings of the seven rules, side by side.
#
#   bench/peers/compare.sh STEM [--no-sqlite]
#
# STEM.djs is the generator's snapshot and STEM/ its CSV tables:
#   build/bin/dangjian_generate --members 100000 --out /tmp/city.djs --csv /tmp/city
#   bench/peers/compare.sh /tmp/city
# `make peers` installs what it needs (sqlite3, node and @duckdb/node-api).
set -euo pipefail
stem=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

/usr/bin/time -f "%M" -o "$out/dj.rss" "$root/build/bin/dangjian_scale" "$stem.djs" > "$out/dj"
(cd "$here" && node duckdb.mjs "$stem") > "$out/duckdb"
if [[ "${2:-}" != "--no-sqlite" ]]; then "$here/sqlite.sh" "$stem" > "$out/sqlite"; fi

value() { awk -F'\t' -v k="$2" '$2 == k { print $3; exit }' "$1" 2>/dev/null; }     # peers: "duckdb<TAB>load<TAB>1.07 s"
ours() { awk -F'\t' -v k="$1" '$1 == k { print $2; exit }' "$out/dj"; }              # dangjian_scale: "load<TAB>0.40 s"
count() { awk -F'\t' -v k="$2" '$2 == k { print $4; exit }' "$1" 2>/dev/null | sed 's/ findings//'; }
printf '%-34s %16s %16s %16s\n' "" dangjian duckdb sqlite
printf '%-34s %16s %16s %16s\n' load "$(ours load)" "$(value "$out/duckdb" load)" "$(value "$out/sqlite" load)"
printf '%-34s %16s %16s %16s\n' "check (dangjian: all 59 rules)" "$(ours check)" \
  "$(value "$out/duckdb" check)" "$(value "$out/sqlite" check)"
printf '%-34s %16s %16s %16s\n' "peak memory" "$(( $(cat "$out/dj.rss") / 1024 )) MB" \
  "$(value "$out/duckdb" peak)" "$(value "$out/sqlite" peak)"
echo "findings"
for pair in setup.branch_min_full_members:branch_min_full_members setup.branch_committee_required:branch_committee_required \
            term.expired:term_expired life.general_meeting:general_meeting life.committee_meeting:committee_meeting \
            member.dues_unpaid_run:dues_unpaid_run member.no_org_life_run:no_org_life_run; do
  rule=${pair%%:*} view=${pair##*:}
  ours=$(awk -F'\t' -v k="$rule" '$1 == "rule" && $2 == k { print $3 }' "$out/dj")
  printf '  %-32s %16s %16s %16s\n' "$rule" "${ours:-0}" "$(count "$out/duckdb" "$view")" "$(count "$out/sqlite" "$view")"
done
