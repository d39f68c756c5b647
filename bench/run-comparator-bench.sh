#!/usr/bin/env bash
# Comparator benchmark: Concord's Jaro-Winkler against jellyfish's (C extension) on the same
# name-like pairs, measured in the same run, one thread each.
#   bench/run-comparator-bench.sh [PAIRS] [BUILD_DIR] [REPEAT]
# PAIRS defaults to 2,000,000, BUILD_DIR to build, REPEAT (timed passes, best counts) to 5.
# Rates are comparisons per second of thread CPU time, so a shared machine slows the wall
# clock but not the figures much. Goal: >= 10M Jaro-Winkler comparisons/s per core.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${1:-2000000}"
BUILD="${2:-build}"
REPEAT="${3:-5}"
PYTHON=/usr/bin/python3 # Debian's python, where python3-jellyfish installs

if ! "$PYTHON" -c 'import jellyfish' 2>/dev/null; then
  echo "installing python3-jellyfish ..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-jellyfish >/dev/null; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-jellyfish >/dev/null
  fi
fi

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target bench_comparators -j"$(nproc)" >/dev/null

DATA="$BUILD/bench-data/comparator-pairs-$PAIRS.tsv"
mkdir -p "$(dirname "$DATA")"
"$BUILD/bin/bench_comparators" --write-pairs "$DATA" --count "$PAIRS" >/dev/null

echo "== jellyfish $("$PYTHON" -c 'import importlib.metadata as m; print(m.version("jellyfish"))' 2>/dev/null || echo '?') =="
baseline=$("$PYTHON" "$(dirname "$0")/jellyfish_baseline.py" "$DATA" --repeat "$REPEAT")
echo "$baseline" | grep -v '^RESULT'
echo "== Concord =="
ours=$("$BUILD/bin/bench_comparators" --pairs "$DATA" --repeat "$REPEAT")
echo "$ours" | grep -v '^RESULT'

echo "$baseline" "$ours" | awk '
  /^RESULT jaro_winkler/ { n++; rate[n] = $5; sum[n] = $6; pairs = $3 }
  END {
    if (n != 2) { print "could not read both results"; exit 1 }
    diff = sum[1] - sum[2]; if (diff < 0) diff = -diff
    agree = diff <= 1e-9 * (sum[1] > 1 ? sum[1] : 1)
    printf "== Jaro-Winkler, %d pairs: Concord %.2f M/s vs jellyfish %.2f M/s per core: %.1fx\n",
           pairs, rate[2] / 1e6, rate[1] / 1e6, rate[2] / rate[1]
    printf "   checksums %s (%.6f vs %.6f)\n", agree ? "agree" : "DIFFER", sum[2], sum[1]
    if (!agree) exit 1
  }'
