#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages sandi, sandi-relay and sandi-desktop from the release build:
#   scripts/package.sh [BUILD_DIR]        (default build/release, configured with the release preset)
# builds the three programs there, then runs cpack, which writes
#   BUILD_DIR/packages/{sandi,sandi-relay,sandi-desktop}_VERSION-REVISION_ARCH.deb
# Needs dpkg-dev (dpkg-shlibdeps computes the Depends). cmake/SandiPackaging.cmake has the
# packages' contents; packaging/relay/ the unit, the configuration and the maintainer scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake --preset release >/dev/null
fi
cmake --build "$build" -j "${SANDI_JOBS:-2}" --target sandi sandi-relay sandi-desktop
rm -f "$build"/packages/*.deb
(cd "$build" && cpack -G DEB --config CPackConfig.cmake)
for deb in "$build"/packages/*.deb; do
  echo "package: $deb"
  dpkg-deb -f "$deb" Package Version Depends | sed 's/^/  /'
done
