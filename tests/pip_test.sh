#!/usr/bin/env bash
# The Python package installed offline with pip (Debian's pip, setuptools and
# wheel, no index), into a target directory, twice: carrying the library
# (DANGJIAN_LIBRARY set as it is built) and finding it where the loader looks.
# Each is imported away from the sources and checks the sample.
set -euo pipefail
library=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# pip builds in the source tree; its build/ and egg-info go with the copy.
cp -r "$top/bindings/python" "$work/src"
rm -rf "$work/src/tests"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1

check='
import importlib.metadata, pathlib, sys, dangjian
report = dangjian.Checker().load(dangjian.sample()).check(as_of=dangjian.SAMPLE_AS_OF)
assert report.findings, "no findings"
assert importlib.metadata.version("dangjian") == dangjian.version(), (importlib.metadata.version("dangjian"), dangjian.version())
import dangjian._native as n
print(n._loaded_from)
'

DANGJIAN_LIBRARY=$library /usr/bin/python3 -m pip install -q --no-index --no-build-isolation --target "$work/carried" "$work/src"
test -f "$work/carried/dangjian/libdangjian.so.0"
test -f "$work/carried/dangjian/distributed.py"
from=$(cd "$work" && env -u DANGJIAN_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$work/carried" /usr/bin/python3 -c "$check")
[[ $from == "$work/carried/dangjian/libdangjian.so.0" ]] || { echo "loaded $from, not the carried library"; exit 1; }

rm -rf "$work/src/build" "$work/src"/*.egg-info
env -u DANGJIAN_LIBRARY /usr/bin/python3 -m pip install -q --no-index --no-build-isolation --target "$work/found" "$work/src"
test ! -e "$work/found/dangjian/libdangjian.so.0"
from=$(cd "$work" && env -u DANGJIAN_LIBRARY PYTHONPATH="$work/found" LD_LIBRARY_PATH="$(dirname "$library")" \
  /usr/bin/python3 -c "$check")
[[ $from == libdangjian.so.0 ]] || { echo "loaded $from, not the loader's libdangjian.so.0"; exit 1; }
echo "pip installed the package offline: carrying the library, and finding it"
