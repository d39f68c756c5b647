#!/usr/bin/env bash
# One command to build Concord and run every test, including those against real databases:
#
#   tools/run-tests.sh [BUILD_DIR]      (default: build)
#
# Installs missing Debian packages, configures (CMake + Ninja, RelWithDebInfo, warnings are errors),
# builds, starts private PostgreSQL/MariaDB servers (tools/test-servers.sh), runs ctest, and always
# stops the servers again. Exits with ctest's status. Never prompts: CI runs it as root, no stdin.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${1:-$ROOT_DIR/build}
mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
STATE_DIR=$BUILD_DIR/test-servers
SERVERS=$ROOT_DIR/tools/test-servers.sh

step() { echo "==> run-tests: $*"; }

exec </dev/null # nothing below may wait for input

step "installing dependencies"
"$ROOT_DIR/tools/install-deps.sh"

step "configuring $BUILD_DIR"
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONCORD_WARNINGS_AS_ERRORS=ON

step "building"
cmake --build "$BUILD_DIR" -j"$(nproc)"

# Stop the servers however we leave from here on: success, test failure, error or interrupt.
trap '"$SERVERS" stop "$STATE_DIR" || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "starting test servers"
start_time=$SECONDS
"$SERVERS" start "$STATE_DIR"
echo "run-tests: servers up in $((SECONDS - start_time))s"
eval "$("$SERVERS" env "$STATE_DIR")"

step "running tests"
status=0
# Per-test timeout keeps a hung test from eating the CI budget (total must stay well under 30 min).
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 600 || status=$?
if [ "$status" -eq 0 ]; then
  step "all tests passed"
else
  step "tests FAILED (ctest exit status $status)"
fi
exit "$status"
