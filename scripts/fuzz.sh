#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Longer fuzzing campaigns than CI's few seconds per target:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 300 s, every target)
# Builds the fuzz preset (clang + libFuzzer, ASan + UBSan that stop at the first
# report), makes the seed corpus, and runs each target in turn on its own corpus in
# build/fuzz/tests/fuzz/corpus/NAME. A crash, leak or UBSan report stops the script
# with libFuzzer's reproducer (crash-*, leak-*, oom-*) in build/fuzz/fuzz-artifacts/NAME/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
scripts/build.sh fuzz
dir=build/fuzz/tests/fuzz
"$dir/make_seeds" "$dir/seeds" >/dev/null
if [ $# -eq 0 ]; then
  set -- $(cd "$dir" && ls fuzz_* | grep -v '\.' | sed 's/^fuzz_//')
fi
for t in "$@"; do
  echo "== fuzz_$t for ${seconds}s"
  mkdir -p "$dir/corpus/$t" "build/fuzz/fuzz-artifacts/$t"
  "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/fuzz-artifacts/$t/" "$dir/corpus/$t" "$dir/seeds/$t"
done
echo "== fuzz.sh: every target ran ${seconds}s without a finding"
