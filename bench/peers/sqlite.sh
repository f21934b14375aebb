#!/bin/bash
# Loads the CSV tables into SQLite (a file database) and runs sqlite.sql:
# load time, each rule's time and finding count, peak memory.
#
#   bench/peers/sqlite.sh DIR
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
db=$(mktemp -d)/peers.db
trap 'rm -rf "$(dirname "$db")"' EXIT
now() { date +%s.%N; }
peak=0
run() {  # sqlite3 with its peak RSS kept in $peak
  local kb
  kb=$( { /usr/bin/time -f "%M" sqlite3 -cmd "PRAGMA journal_mode=OFF" -cmd "PRAGMA synchronous=OFF" \
          -cmd "PRAGMA cache_size=-2000000" -cmd "PRAGMA temp_store=MEMORY" "$db" "$@" > /tmp/sqlite_out.$$; } 2>&1 | tail -1)
  (( kb / 1024 > peak )) && peak=$(( kb / 1024 ))
  grep -v "^off$" /tmp/sqlite_out.$$ || true
  rm -f /tmp/sqlite_out.$$
}
t=$(now)
sed "s#DIR#$dir#g" "$here/load_sqlite.sql" > "$db.load"
run ".read $db.load" > /dev/null
run ".read $here/sqlite.sql" > /dev/null
printf 'sqlite\tload\t%.2f s\n' "$(echo "$(now) - $t" | bc)"
total=0
for rule in branch_min_full_members branch_committee_required term_expired general_meeting \
            committee_meeting dues_unpaid_run no_org_life_run; do
  t=$(now)
  n=$(run "SELECT count(*) FROM f_$rule")
  s=$(echo "$(now) - $t" | bc)
  total=$(echo "$total + $s" | bc)
  printf 'sqlite\t%s\t%.3f s\t%s findings\n' "$rule" "$s" "$n"
done
printf 'sqlite\tcheck\t%.3f s\n' "$total"
printf 'sqlite\tpeak\t%s MB\n' "$peak"
