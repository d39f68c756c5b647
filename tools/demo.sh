#!/usr/bin/env bash
# README command 1: install what Concord needs, build it, generate the demo workspace and open it.
#
#   tools/demo.sh [--customers N] [--seed S]
#
# With a display, opens the demo in the `concord` window; without one (ssh, CI), prints the same
# summary from `concord-cli snapshot`. The demo lives in ./demo and is reused when it exists
# (delete the folder to make a new one).
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT_DIR/build
DEMO_DIR=$ROOT_DIR/demo
CUSTOMERS=2000
SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) CUSTOMERS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

echo "==> demo: installing dependencies"
"$ROOT_DIR/tools/install-deps.sh" </dev/null

echo "==> demo: building"
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" --target concord concord-cli -j"$(nproc)"

if [ ! -f "$DEMO_DIR/demo.concord" ]; then
  echo "==> demo: generating $CUSTOMERS customers into $DEMO_DIR"
  rm -rf "$DEMO_DIR"
  "$BUILD_DIR/bin/concord-cli" generate --out "$DEMO_DIR" --customers "$CUSTOMERS" --seed "$SEED"
else
  echo "==> demo: using the existing $DEMO_DIR/demo.concord"
fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> demo: opening $DEMO_DIR/demo.concord"
  exec "$BUILD_DIR/bin/concord" "$DEMO_DIR/demo.concord"
fi
echo "==> demo: no display; the workspace's systems as concord-cli sees them:"
exec "$BUILD_DIR/bin/concord-cli" snapshot "$DEMO_DIR/demo.concord"
