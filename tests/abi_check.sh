#!/usr/bin/env bash
# Compares the C interface of a built libdangjian.so with the baseline kept in
# abi/libdangjian.abi. Fails on an incompatible change (a removed function, a
# changed signature, a changed public struct); reports compatible ones (an
# added function). To change the ABI on purpose: `make abi-baseline`, and say
# why in the commit.
set -uo pipefail
lib=$1
top=$(cd "$(dirname "$0")/.." && pwd)
current=$(mktemp --suffix=.abi)
trap 'rm -f "$current"' EXIT
abidw --suppressions "$top/abi/dangjian.abignore" --headers-dir "$top/capi" --drop-private-types \
  --no-corpus-path --no-comp-dir-path --out-file "$current" "$lib" || { echo "abidw failed on $lib"; exit 1; }
report=$(abidiff --suppressions "$top/abi/dangjian.abignore" --no-show-locs "$top/abi/libdangjian.abi" "$current")
rc=$?
echo "$report"
# abidiff's status is a bit set: 1 error, 2 usage, 4 a change, 8 a removed symbol.
if (( rc & 3 )); then echo "abidiff failed ($rc)"; exit 1; fi
if (( rc & 8 )); then echo "incompatible ABI change: a symbol was removed"; exit 1; fi
if (( rc & 4 )); then
  # A change is compatible only if it adds: nothing removed, nothing changed.
  if echo "$report" | grep -Eq 'changes summary: [1-9][0-9]* Removed|, [1-9][0-9]* Changed'; then
    echo "incompatible ABI change: a function or a type it takes changed (see above)"; exit 1
  fi
  echo "compatible ABI change (additions): record it with make abi-baseline"
fi
echo "ABI compatible with abi/libdangjian.abi"
