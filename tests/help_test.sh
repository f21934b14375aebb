#!/usr/bin/env bash
# Every program of the project answers --help: its usage on stdout, exit 0,
# and nothing else done (no file written where it runs).
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for program in "$@"; do
  name=$(basename "$program")
  out=$(cd "$work" && "$program" --help 2> "$work.err")
  rc=$?
  if [ $rc -ne 0 ]; then echo "$name --help: exit $rc"; failed=1; fi
  if [ -z "$out" ]; then echo "$name --help: nothing on stdout"; failed=1; fi
  if [ -n "$(ls -A "$work")" ]; then echo "$name --help: wrote $(ls -A "$work")"; failed=1; rm -rf "${work:?}"/*; fi
done
rm -f "$work.err"
[ $failed -eq 0 ] && echo "$# programs answer --help"
exit $failed
