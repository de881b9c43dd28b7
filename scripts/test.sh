#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's second command (and CI's): installs what is missing, then builds and
# runs every test through CTest in the release and ASan+UBSan configurations, and
# builds the libFuzzer targets with clang and runs each briefly on its seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
for preset in release asan fuzz; do
  echo "== $preset: build"
  scripts/build.sh "$preset"
  echo "== $preset: test"
  ctest --preset "$preset" -j "${SANDI_JOBS:-2}"
done
echo "== all tests passed (release, asan, fuzz)"
