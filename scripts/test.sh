#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's second command (and CI's): installs what is missing, then builds and
# checks formatting and clang-tidy, runs every test through CTest in the release and
# ASan+UBSan configurations, and
# builds the libFuzzer targets with clang and runs each briefly on its seed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
for preset in release asan fuzz; do
  echo "== $preset: build"
  scripts/build.sh "$preset"
  if [ "$preset" = release ]; then
    scripts/tidy.sh build/release # clang-format --dry-run -Werror, clang-tidy (every warning an error)
  fi
  echo "== $preset: test"
  ctest --preset "$preset" -j "${SANDI_JOBS:-2}"
done
echo "== all tests passed (format, tidy, release, asan, fuzz)"
