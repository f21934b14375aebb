#!/usr/bin/env bash
# Fails if the shared library exports any symbol that is not dj_*, or if a
# function the header declares is not exported.
set -euo pipefail
lib=$1
header=$(dirname "$0")/../capi/dangjian.h
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TWDBRV]$/ {print $3}' | sed 's/@.*//' | sort -u)
others=$(echo "$exported" | grep -v '^dj_' || true)
if [ -n "$others" ]; then
  echo "exported beyond the C interface:"; echo "$others"; exit 1
fi
declared=$(grep -o 'DJ_EXPORT [^(]*[ *]\(dj_[a-z_]*\)(' "$header" | grep -o 'dj_[a-z_]*(' | tr -d '(' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "declared in dangjian.h but not exported:"; echo "$missing"; exit 1
fi
echo "$(echo "$exported" | wc -l) symbols, all dj_*, all declared"
