#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/layering/check.sh CMAKE BUILD_DIR: the compiler enforces the layers.
set -uo pipefail
cmake=$1 build=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$cmake" --build "$build" --target layering_right_direction >"$log" 2>&1; then
  cat "$log"; echo "FAIL: a pki source could not include pki's and core's headers"; exit 1
fi
if "$cmake" --build "$build" --target layering_wrong_direction >"$log" 2>&1; then
  echo "FAIL: a pki source included a pades header"; exit 1
fi
if ! grep -q 'sandi/pades/pades.h: No such file or directory' "$log"; then
  cat "$log"; echo "FAIL: the wrong-direction include failed, but not because the header is out of reach"; exit 1
fi
echo "ok: sandi/pades/pades.h is out of reach of a target that links only sandi_pki"
