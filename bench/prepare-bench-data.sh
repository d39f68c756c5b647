#!/usr/bin/env bash
# The benchmarks' data: CUSTOMERS generated customers (seed 1) in three SQLite systems (crm,
# quoting, accounting; the marketing CSV left out) and the workspace bench3.concord that points
# at them, under BUILD/bench-data/pipeline-CUSTOMERS. Generated once and reused.
#   bench/prepare-bench-data.sh CUSTOMERS BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS="$1"
BUILD="$2"
PYTHON=/usr/bin/python3
DATA="$BUILD/bench-data/pipeline-$CUSTOMERS"
WORKSPACE="$DATA/bench3.concord"
cmake --build "$BUILD" --target concord-cli -j"$(nproc)" >/dev/null
if [ ! -f "$WORKSPACE" ]; then
  if [ ! -f "$DATA/demo.concord" ]; then
    rm -rf "$DATA"
    mkdir -p "$(dirname "$DATA")"
    echo "generating $CUSTOMERS customers ..."
    /usr/bin/time -f "generate: %e s, peak RSS %M KiB" "$BUILD/bin/concord-cli" generate --out "$DATA" \
      --customers "$CUSTOMERS" --seed 1 >/dev/null
  fi
  # The demo workspace without the marketing system (a CSV export) and its mappings.
  "$BUILD/bin/concord-cli" config export "$DATA/demo.concord" "$DATA/demo.json" >/dev/null
  "$PYTHON" - "$DATA/demo.json" "$DATA/bench3.json" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))
config["systems"] = [s for s in config["systems"] if s["name"] != "marketing"]
config["mappings"].pop("marketing", None)
json.dump(config, open(sys.argv[2], "w", encoding="utf-8"), indent=1)
EOF
  "$BUILD/bin/concord-cli" config import "$WORKSPACE" "$DATA/bench3.json" >/dev/null
fi
