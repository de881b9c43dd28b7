#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the side-by-side benchmarks (docs/benchmarks.md) on a release build:
#   scripts/bench.sh [--size-mb 100] [--files 1000] [--repeat 5]
# RELAY_BENCH_ARGS passes options to tests/bench/relay_bench.py (e.g. "--repeat 1 --idle 200").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
PKI=build/release/bench-pki
[ -d "$PKI" ] || certs/make-demo-pki.sh "$PWD/build/release/client/cli/sandi" "$PKI"
python3 tests/bench/run_benchmarks.py "$PWD/build/release" "$PWD/$PKI" "$PWD/build/release/bench-work" "$@"
# Many signatures in one file (50/100/200/400: time and peak RSS ratios), Flate bombs in /DSS.
python3 tests/bench/many_signatures_bench.py "$PWD/build/release" "$PWD/$PKI" "$PWD/build/release/bench-work/many-signatures"
# Messaging: 1 KiB messages against libsignal-protocol-c, 1 GiB attachments against raw secretstream.
build/release/tests/bench/bench_e2e
# Relay: sandi-relay against Mosquitto, one run, under the benchmark lock of the shared machine.
flock /tmp/sandi-bench.lock python3 tests/bench/relay_bench.py "$PWD/build/release" "$PWD/$PKI" \
  "$PWD/build/release/bench-work/relay" ${RELAY_BENCH_ARGS:-}
