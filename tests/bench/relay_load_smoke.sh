#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Smoke test of the relay benchmark's tools (not a benchmark: no timing is checked):
# device certificates from a copy of the demo PKI's Buton CA, a relay on loopback, one
# second of load and a few idle connections; each run must report its figures, and
# every accepted message must have been delivered.
#   relay_load_smoke.sh BUILD_DIR DEMO_PKI_DIR
set -euo pipefail
BUILD=${1:?usage: relay_load_smoke.sh BUILD_DIR DEMO_PKI_DIR}
PKI=${2:?usage: relay_load_smoke.sh BUILD_DIR DEMO_PKI_DIR}
WORK=$(mktemp -d)
RELAY_PID=
cleanup() {
  if [ -n "$RELAY_PID" ]; then kill "$RELAY_PID" 2>/dev/null || true; wait "$RELAY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Under ASan the load generator (a benchmark tool that exits without tearing its sockets
# down) is not held to LeakSanitizer; the relay it drives still is.
TOOL_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

cp -a "$PKI/ca/buton" "$WORK/ca"
rm -f "$WORK/ca/.lock"
"${TOOL_ENV[@]}" "$BUILD/tests/bench/bench_device_certs" "$WORK/ca" "$PKI/pass/office.pass" 8 "$WORK/certs" >/dev/null

"$BUILD/server/relay/sandi-relay" --listen 127.0.0.1:0 --tls-p12 "$PKI/services/relay.p12" \
  --tls-pass-file "$PKI/pass/user.pass" --trust "$PKI/trust/root.pem" --crl "$PKI/crls.pem" \
  --data "$WORK/data" >"$WORK/relay.out" 2>"$WORK/relay.err" &
RELAY_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/relay.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's#^listening on wss://127.0.0.1:\([0-9]*\)/$#\1#p' "$WORK/relay.out")
[ -n "$PORT" ] || fail "the relay did not start: $(tail -3 "$WORK/relay.err")"

common=(--port "$PORT" --certs "$WORK/certs" --ca "$PKI/trust/root.pem" --pid "$RELAY_PID")
"${TOOL_ENV[@]}" "$BUILD/tests/bench/bench_relay_load" "${common[@]}" --pairs 2 --rate 100 --seconds 1 --warmup 0 --drain 10 \
  >"$WORK/load.json" 2>"$WORK/load.err" || fail "load run: $(tail -3 "$WORK/load.err")"
"${TOOL_ENV[@]}" "$BUILD/tests/bench/bench_relay_load" "${common[@]}" --mode idle --connections 3 --baseline 1 --settle 0.2 \
  >"$WORK/idle.json" 2>"$WORK/idle.err" || fail "idle run: $(tail -3 "$WORK/idle.err")"

python3 - "$WORK/load.json" "$WORK/idle.json" <<'PY' || fail "unexpected figures: $(cat "$WORK/load.json" "$WORK/idle.json")"
import json, sys
load = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
idle = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
assert load["accepted"] > 0 and load["rejected"] == 0, load
assert load["delivered"] == load["accepted"] and load["duplicates"] == 0, load
assert load["latency_samples"] > 0 and load["p99_ms"] >= load["p50_ms"] >= 0, load
assert load["server_hwm_kib"] > 0 and not load["errors"], load
assert idle["connections"] == 3 and idle["rss_after_kib"] > 0, idle
PY
echo "relay benchmark tools: load and idle runs reported their figures"
