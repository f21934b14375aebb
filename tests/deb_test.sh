#!/usr/bin/env bash
# `cpack -G DEB` builds the .deb; it holds the library, the headers and the
# schema, the command, and the CMake and pkg-config files under /usr, depends
# on what the library and command link, and, unpacked, runs and is found.
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/dangjian_*_*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/files"
for f in ./usr/bin/dangjian ./usr/include/dangjian.h ./usr/include/dangjian/parts.h \
         ./usr/include/dangjian/v1/snapshot.pb.h ./usr/lib/libdangjian.so.0 ./usr/lib/libdangjian.a \
         ./usr/lib/cmake/dangjian/dangjianConfig.cmake ./usr/lib/cmake/dangjian/dangjianTargets.cmake \
         ./usr/lib/pkgconfig/dangjian.pc ./usr/share/dangjian/proto/dangjian/v1/snapshot.proto; do
  grep -qxF "$f" "$work/files" || { echo "the .deb lacks $f"; cat "$work/files"; exit 1; }
done
[[ $(dpkg-deb -f "$deb" Package) == dangjian ]]
dpkg-deb -f "$deb" Depends | grep -q "libc6" || { echo "no dependencies read: $(dpkg-deb -f "$deb" Depends)"; exit 1; }

dpkg-deb -x "$deb" "$work/root"
LD_LIBRARY_PATH=$work/root/usr/lib "$work/root/usr/bin/dangjian" demo --lang en | grep -q "setup."
libdir=$(PKG_CONFIG_PATH=$work/root/usr/lib/pkgconfig pkg-config --variable=libdir dangjian)
[[ $(realpath "$libdir") == "$work/root/usr/lib" ]] || { echo "pkg-config's libdir is $libdir"; exit 1; }
echo "$(basename "$deb"): $(wc -l < "$work/files") entries; Depends: $(dpkg-deb -f "$deb" Depends)"
