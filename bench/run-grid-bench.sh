#!/usr/bin/env bash
# The reconcile grid over 3 systems x CUSTOMERS customers (issue 8 §4): the engine runs the
# workspace as the window does, then the grid is shown, filtered and sorted. Goals: shown < 1 s,
# filter < 1 s, memory the window adds < 200 MB; printed beside the engine's own stage times.
#   bench/run-grid-bench.sh [CUSTOMERS] [BUILD_DIR]        (defaults: 1,000,000, build)
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS="${1:-1000000}"
BUILD="${2:-build}"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target concord-cli bench_grid -j"$(nproc)" >/dev/null
bench/prepare-bench-data.sh "$CUSTOMERS" "$BUILD"
/usr/bin/time -f "bench_grid: %e s, peak RSS %M KiB" "$BUILD/bin/bench_grid" \
  "$BUILD/bench-data/pipeline-$CUSTOMERS/bench3.concord"
