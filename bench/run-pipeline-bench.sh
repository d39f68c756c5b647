#!/usr/bin/env bash
# End-to-end matching benchmark (issue 3 §6): 3 systems (crm, quoting, accounting) holding
# CUSTOMERS generated customers, load -> normalize -> match -> diff, against two baselines
# measured in the same run:
#   1. the sqlite3 shell: ATTACH the three files, key every table on lower(trim(email)),
#      FULL OUTER JOIN them and count, per shared field and pair of systems, the rows whose
#      values differ (no normalization, no fuzzy matching). Goal: ours / sqlite <= 2.
#   2. pandas (bench/pandas_baseline.py): read, normalize, exact merge on e-mail, then the
#      same fuzzy scoring on the same candidate pairs Concord scored (bench_pipeline --pairs).
#      Scoring all pairs in Python would take far longer than 10 minutes at 1M customers, so
#      it scores every k-th pair (about PAIR_SAMPLE of them, in block order) and the scoring
#      time is multiplied by k; the output says so.
# Goal for ours: peak RSS <= 1.5 GB.
#   bench/run-pipeline-bench.sh [CUSTOMERS] [BUILD_DIR] [PAIR_SAMPLE]
# CUSTOMERS defaults to 1,000,000, BUILD_DIR to build, PAIR_SAMPLE to 1,000,000. The data is
# generated once under BUILD_DIR/bench-data/pipeline-CUSTOMERS (seed 1) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS="${1:-1000000}"
BUILD="${2:-build}"
PAIR_SAMPLE="${3:-1000000}"
PYTHON=/usr/bin/python3 # Debian's python, where python3-pandas and python3-jellyfish install
DATA="$BUILD/bench-data/pipeline-$CUSTOMERS"
WORKSPACE="$DATA/bench3.concord"

missing=()
"$PYTHON" -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
"$PYTHON" -c 'import jellyfish' 2>/dev/null || missing+=(python3-jellyfish)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} ..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
fi

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target concord-cli bench_pipeline -j"$(nproc)" >/dev/null
bench/prepare-bench-data.sh "$CUSTOMERS" "$BUILD"
echo "data: $DATA (crm $(sqlite3 "$DATA/crm.sqlite" 'SELECT count(*) FROM contacts'), quoting" \
  "$(sqlite3 "$DATA/quoting.sqlite" 'SELECT count(*) FROM customers'), accounting" \
  "$(sqlite3 "$DATA/accounting.sqlite" 'SELECT count(*) FROM customer_accounts') rows)"

echo "== baseline 1: sqlite3 $(sqlite3 --version | cut -d' ' -f1), exact-key FULL OUTER JOIN diff on lower(trim(email)) =="
# Temp tables with an index on the key: SQLite builds no automatic index for a FULL JOIN on
# an expression, and a nested-loop join of 1M x 1M rows would never finish.
cat >"$DATA/fulljoin.sql" <<'EOF'
ATTACH 'crm.sqlite' AS crm;
ATTACH 'quoting.sqlite' AS quoting;
ATTACH 'accounting.sqlite' AS accounting;
CREATE TEMP TABLE c AS SELECT lower(trim(email)) AS k, lower(trim(first_name || ' ' || last_name)) AS full_name,
  lower(trim(phone)) AS phone, lower(trim(company)) AS company, lower(trim(state)) AS state,
  lower(trim(country)) AS country FROM crm.contacts;
CREATE TEMP TABLE q AS SELECT lower(trim(email_address)) AS k, lower(trim(full_name)) AS full_name,
  lower(trim(phone)) AS phone, lower(trim(company_name)) AS company, lower(trim(state)) AS state
  FROM quoting.customers;
CREATE TEMP TABLE a AS SELECT lower(trim(billing_email)) AS k, lower(trim(name)) AS full_name,
  lower(trim(phone)) AS phone, lower(trim(company)) AS company, lower(trim(billing_state)) AS state,
  lower(trim(country)) AS country FROM accounting.customer_accounts;
CREATE INDEX temp.c_k ON c(k);
CREATE INDEX temp.q_k ON q(k);
CREATE INDEX temp.a_k ON a(k);
.mode line
SELECT count(*) AS joined_rows,
  sum(c.full_name <> q.full_name) AS full_name_crm_quoting,
  sum(c.full_name <> a.full_name) AS full_name_crm_accounting,
  sum(q.full_name <> a.full_name) AS full_name_quoting_accounting,
  sum(c.phone <> q.phone) AS phone_crm_quoting,
  sum(c.phone <> a.phone) AS phone_crm_accounting,
  sum(q.phone <> a.phone) AS phone_quoting_accounting,
  sum(c.company <> q.company) AS company_crm_quoting,
  sum(c.company <> a.company) AS company_crm_accounting,
  sum(q.company <> a.company) AS company_quoting_accounting,
  sum(c.state <> q.state) AS state_crm_quoting,
  sum(c.state <> a.state) AS state_crm_accounting,
  sum(q.state <> a.state) AS state_quoting_accounting,
  sum(c.country <> a.country) AS country_crm_accounting
FROM c FULL OUTER JOIN q ON q.k = c.k
       FULL OUTER JOIN a ON a.k = coalesce(c.k, q.k);
EOF
# (x <> y is NULL, so not counted, when either side is missing.)
sqlite_out=$( (cd "$DATA" && /usr/bin/time -f "SQLITE_TIME %e %M" sqlite3 <fulljoin.sql) 2>&1)
echo "$sqlite_out" | grep -v '^SQLITE_TIME' | sed 's/^ */  /'
read -r sqlite_s sqlite_kib < <(echo "$sqlite_out" | awk '/^SQLITE_TIME/ { print $2, $3 }')
echo "  time: $sqlite_s s, peak RSS $((sqlite_kib / 1024)) MiB"

echo "== Concord: bench_pipeline (load -> normalize -> match -> diff) =="
ours=$("$BUILD/bin/bench_pipeline" "$WORKSPACE" --pairs "$DATA/pairs.tsv" --pair-sample "$PAIR_SAMPLE")
echo "$ours" | grep -v '^RESULT'

echo "== baseline 2: pandas (bench/pandas_baseline.py) on the same data and the same pairs =="
pandas_out=$("$PYTHON" bench/pandas_baseline.py "$DATA" "$DATA/pairs.tsv")
echo "$pandas_out" | grep -v '^RESULT'

echo "$ours" "$pandas_out" | awk -v sqlite_s="$sqlite_s" '
  /^RESULT pipeline/ { for (i = 3; i < NF; i += 2) ours[$i] = $(i + 1) }
  /^RESULT pandas/ { for (i = 3; i < NF; i += 2) pandas[$i] = $(i + 1) }
  END {
    if (!("total" in ours) || !("total" in pandas)) { print "could not read both results"; exit 1 }
    printf "== summary ==\n"
    printf "Concord total %.2f s (load %.2f, normalize %.2f, keys %.2f, blocking %.2f, scoring %.2f, clustering %.2f, diff %.2f)\n",
           ours["total"], ours["load"], ours["normalize"], ours["keys"], ours["blocking"], ours["scoring"],
           ours["clustering"], ours["diff"]
    printf "ratio Concord / sqlite3 FULL OUTER JOIN: %.2f s / %.2f s = %.2f (goal <= 2.00): %s\n",
           ours["total"], sqlite_s, ours["total"] / sqlite_s, ours["total"] / sqlite_s <= 2 ? "met" : "MISSED"
    printf "ratio pandas / Concord: %.2f s / %.2f s = %.1fx%s\n", pandas["total"], ours["total"],
           pandas["total"] / ours["total"],
           pandas["sampled"] < pandas["pairs"] ? " (pandas scoring scaled from a sample of " pandas["sampled"] " of " pandas["pairs"] " pairs)" : ""
    printf "Concord peak RSS: %.1f MiB (goal <= 1.5 GB = 1430.5 MiB): %s\n", ours["peak_mib"],
           ours["peak_mib"] <= 1430.5 ? "met" : "MISSED"
  }'
