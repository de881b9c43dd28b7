#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Saves the desktop client's main screens, in Bahasa Indonesia, under Xvfb, into
# docs/images/ (the pictures of docs/panduan-pengguna.md): it builds the demo world of the
# desktop's end-to-end test (a PKI made with `sandi ca`, a real `sandi-relay`, two officials
# enrolled with the `sandi` CLI, a signed letter), drives two desktop windows through the
# story and photographs each screen on the way.
#   scripts/screenshots.sh [BUILD_DIR] [OUT_DIR]     (defaults: build/release, docs/images)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=${2:-docs/images}
scripts/install-deps.sh
scripts/build.sh release
mkdir -p "$out"
/usr/bin/python3 tests/desktop/e2e/run_e2e.py --sandi "$build/client/cli/sandi" --relay "$build/server/relay/sandi-relay" \
  --e2e "$build/tests/desktop/sandi_desktop_e2e" --screenshots "$out" --lang id
rm -f "$out/sent-read.png" "$out/inbox-unread.png" # pictures of the test's own, not in the guide
ls -1 "$out"
