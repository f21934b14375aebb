#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs the
# examples against it two ways: find_package(dangjian) and pkg-config.
set -euo pipefail
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
libdir=$(dirname "$(find "$prefix" -name 'libdangjian.so' | head -1)")
# The programs built below find the shared library by their rpath alone.
unset LD_LIBRARY_PATH

# pkg-config: a C program and the shared library, run as built.
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc -std=c11 -Wall -Werror "$top/examples/c/check_sample.c" $(pkg-config --cflags --libs dangjian) -o "$work/c_pkgconfig"
"$work/c_pkgconfig" > "$work/c.out"
grep -q "党建合规检查" "$work/c.out"

# find_package: the C program on the shared library, the C++ one on the
# static. CMake's own build rpath left out: the package's sets the rpath, as
# an installed program needs.
cmake -S "$top/examples/cmake" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_SKIP_BUILD_RPATH=ON > "$work/configure.log"
cmake --build "$work/consumer" > "$work/build.log"
"$work/consumer/check_sample_c" > "$work/c2.out"
grep -q "setup.branch_min_full_members" "$work/c2.out"
"$work/consumer/check_sample_cpp" > "$work/cpp.out"
grep -q "setup.branch_min_full_members" "$work/cpp.out"

echo "installed to a prefix; pkg-config and find_package consumers built and ran"
