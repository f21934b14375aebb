#!/bin/sh
# The self-contained library (-DDANGJIAN_STATIC_DEPS=ON): it needs of the
# system the C and C++ runtimes alone, and with ROOT (a Debian root without
# protobuf, abseil, libzip or expat, as `debootstrap --variant=minbase
# bookworm ROOT` makes one; run as root) the C suite runs inside it against
# the library.
#
# usage: static_deps_test.sh LIBDANGJIAN C_API_TEST [ROOT]
set -eu
lib=$1 test=$2 root=${3:-}

needed=$(readelf -dW "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for name in $needed; do
  case $name in
    libc.so.6|libm.so.6|libstdc++.so.6|libgcc_s.so.1|ld-linux-x86-64.so.2) ;;
    *) echo "$lib needs $name (all it needs: $needed)" >&2; exit 1 ;;
  esac
done
echo "$lib needs: $needed"
[ -n "$root" ] || exit 0

for absent in libprotobuf.so.32 libabsl_base.so.20220623 libzip.so.4 libexpat.so.1; do
  if [ -e "$root/usr/lib/x86_64-linux-gnu/$absent" ]; then
    echo "$root has $absent: not a root without the library's dependencies" >&2
    exit 1
  fi
done
dir=$(mktemp -d "$root/tmp/dangjian.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp -L "$lib" "$dir/libdangjian.so.0"
cp "$test" "$dir/c_api_test"
inside=${dir#"$root"}
chroot "$root" /usr/bin/env LD_LIBRARY_PATH="$inside" "$inside/c_api_test"
echo "the C suite passed in $root"
