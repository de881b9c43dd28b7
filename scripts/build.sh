#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures and builds one preset (release, asan or fuzz): scripts/build.sh PRESET
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --preset "$preset" >/dev/null
# Two jobs at most: CI and the development machines have two cores.
cmake --build --preset "$preset" -j "${SANDI_JOBS:-2}"
