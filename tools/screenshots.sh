#!/usr/bin/env bash
# A PNG of every view of the workbench on the demo workspace, at 1280x800, into docs/screenshots/.
#   tools/screenshots.sh [BUILD_DIR]
# Uses a fresh demo (2,000 customers, seed 1) under BUILD_DIR/screenshots-demo. Runs the real
# window under Xvfb when xvfb-run is there (fonts and styles as on a desktop), else offscreen.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${1:-$ROOT_DIR/build}
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" --target concord-screenshots -j"$(nproc)" >/dev/null
DEMO="$BUILD_DIR/screenshots-demo"
rm -rf "$DEMO"
OUT="$ROOT_DIR/docs/screenshots"
if command -v xvfb-run >/dev/null; then
  xvfb-run -a -s "-screen 0 1280x800x24" "$BUILD_DIR/bin/concord-screenshots" "$OUT" "$DEMO"
else
  QT_QPA_PLATFORM=offscreen "$BUILD_DIR/bin/concord-screenshots" "$OUT" "$DEMO"
fi
