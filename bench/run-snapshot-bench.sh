#!/usr/bin/env bash
# Snapshot benchmark: 1M generated rows x 12 columns from SQLite into a Concord snapshot,
# as a ratio to the sqlite3 shell dumping the same table, measured in the same run.
#   bench/run-snapshot-bench.sh [ROWS] [BUILD_DIR]
# Generates a demo company large enough for the CRM to hold ROWS contacts (default 1,000,000),
# copies exactly ROWS of them, 12 columns, into a table of their own and times loading it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
BUILD="${2:-build}"
CUSTOMERS=$(( ROWS + ROWS / 20 )) # the CRM holds about 97 % of the customers
DATA="$BUILD/bench-data/snapshot-$ROWS"

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target concord-cli bench_snapshot -j"$(nproc)" >/dev/null

if [ ! -f "$DATA/bench12.sqlite" ]; then
  rm -rf "$DATA"
  mkdir -p "$(dirname "$DATA")"
  echo "generating $CUSTOMERS customers ..."
  /usr/bin/time -f "generate: %e s, peak RSS %M KiB" "$BUILD/bin/concord-cli" generate --out "$DATA" \
    --customers "$CUSTOMERS" --seed 1 >/dev/null
  # Exactly 12 columns of the CRM's contacts, primary key first.
  cols=$(sqlite3 "$DATA/crm.sqlite" "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('contacts') ORDER BY pk DESC, cid LIMIT 12)")
  pk=$(sqlite3 "$DATA/crm.sqlite" "SELECT name FROM pragma_table_info('contacts') WHERE pk = 1")
  schema=$(sqlite3 "$DATA/crm.sqlite" "SELECT group_concat(quote(name) || ' ' || type || CASE WHEN pk = 1 THEN ' PRIMARY KEY' ELSE '' END, ', ') FROM (SELECT * FROM pragma_table_info('contacts') ORDER BY pk DESC, cid LIMIT 12)")
  sqlite3 "$DATA/bench12.sqlite" "ATTACH '$DATA/crm.sqlite' AS crm;
    CREATE TABLE bench12 ($schema);
    INSERT INTO bench12 SELECT $cols FROM crm.contacts ORDER BY $pk LIMIT $ROWS;"
  echo "bench table: $(sqlite3 "$DATA/bench12.sqlite" 'SELECT count(*) FROM bench12') rows, key $pk"
fi

"$BUILD/bin/bench_snapshot" "$DATA/bench12.sqlite" bench12 --repeat 3
