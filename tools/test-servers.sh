#!/usr/bin/env bash
# Private PostgreSQL 15 and MariaDB servers for Concord's tests.
#
#   tools/test-servers.sh start [STATE_DIR]   start both (no-op if already running)
#   tools/test-servers.sh stop  [STATE_DIR]   stop both (idempotent)
#   tools/test-servers.sh env   [STATE_DIR]   print `export CONCORD_TEST_...` lines for eval
#
# STATE_DIR defaults to build/test-servers in the repository. The servers listen on 127.0.0.1 only,
# on non-default ports (PostgreSQL from 55432, MariaDB from 53306, next free port if busy), with their
# own data directories, so a PostgreSQL or MariaDB already on the machine is never touched.
# Both get a database `concord_test` and a password-authenticated user `concord`.
#
# PostgreSQL refuses to run as root, so when run as root both servers run as the system user
# `concord-test` (created if missing). If that user cannot reach STATE_DIR (e.g. a clone under
# /root, which is 0700), the data directories go to a fresh /tmp/concord-test-servers.XXXXXX instead
# of loosening permissions on the user's home; the path is recorded in STATE_DIR/servers.env.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
SERVER_USER=concord-test
PG_BASE_PORT=55432
MYSQL_BASE_PORT=53306
READY_TIMEOUT=60 # seconds, per server

TEST_USER=concord
TEST_PASSWORD=concord-test-pw
TEST_DATABASE=concord_test

die() {
  echo "test-servers: error: $*" >&2
  exit 1
}
say() { echo "test-servers: $*"; }

usage() {
  echo "usage: $0 start|stop|env [STATE_DIR]" >&2
  exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  usage
fi
COMMAND=$1
STATE_DIR=${2:-$ROOT_DIR/build/test-servers}
mkdir -p "$STATE_DIR"
STATE_DIR=$(cd "$STATE_DIR" && pwd)
STATE_FILE=$STATE_DIR/servers.env
# Every path is absolute from here on; the server user may not be allowed into the caller's cwd.
cd /

is_root() { [ "$(id -u)" -eq 0 ]; }

# Command prefix that runs a program as the user owning the server data (concord-test when root).
AS_SERVER_USER=()
if is_root; then
  AS_SERVER_USER=(runuser -u "$SERVER_USER" --)
fi
as_server_user() { "${AS_SERVER_USER[@]}" "$@"; }

show_log_tail() {
  local log=$1
  if [ -f "$log" ]; then
    echo "----- last lines of $log -----" >&2
    tail -n 40 "$log" >&2
    echo "-----" >&2
    echo "(a broken data directory can be reset with: $0 stop $STATE_DIR && rm -rf $STATE_DIR)" >&2
  else
    echo "(no log file at $log)" >&2
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

next_free_port() {
  local port=$1
  while port_in_use "$port"; do
    port=$((port + 1))
  done
  echo "$port"
}

ensure_server_user() {
  if ! id -u "$SERVER_USER" >/dev/null 2>&1; then
    say "creating system user $SERVER_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$SERVER_USER"
  fi
}

# ---------------------------------------------------------------------------------------------------
# State file: DATA_ROOT, DATA_ROOT_IS_TEMP, PG_PORT, MYSQL_PORT.

load_state() {
  DATA_ROOT=$STATE_DIR
  DATA_ROOT_IS_TEMP=0
  PG_PORT=
  MYSQL_PORT=
  if [ -f "$STATE_FILE" ]; then
    # shellcheck source=/dev/null
    . "$STATE_FILE"
  fi
  set_paths
}

set_paths() {
  PGDATA_DIR=$DATA_ROOT/postgres
  PG_LOG=$DATA_ROOT/postgres.log
  PG_ADMIN_PWFILE=$DATA_ROOT/postgres-admin-password
  MYSQL_DATA_DIR=$DATA_ROOT/mariadb
  MYSQL_LOG=$DATA_ROOT/mariadb.log
  MYSQL_PIDFILE=$DATA_ROOT/mariadb.pid
  MYSQL_SOCKET=$DATA_ROOT/mariadb.sock
  MYSQL_INIT_SQL=$DATA_ROOT/mariadb-init.sql
}

write_state() {
  cat >"$STATE_FILE" <<EOF
# Written by tools/test-servers.sh; read by its stop and env commands.
DATA_ROOT='$DATA_ROOT'
DATA_ROOT_IS_TEMP=$DATA_ROOT_IS_TEMP
PG_PORT=$PG_PORT
MYSQL_PORT=$MYSQL_PORT
EOF
}

# Picks where the data directories live: STATE_DIR itself, or a fresh /tmp directory when the server
# user cannot traverse STATE_DIR or the path is too long for a unix socket (limit ~107 bytes).
choose_data_root() {
  DATA_ROOT=$STATE_DIR
  DATA_ROOT_IS_TEMP=0
  local reason=
  if is_root && ! runuser -u "$SERVER_USER" -- test -x "$(dirname "$STATE_DIR")"; then
    reason="user $SERVER_USER cannot traverse $(dirname "$STATE_DIR")"
  elif [ "${#STATE_DIR}" -gt 80 ]; then
    reason="$STATE_DIR is too long for a unix socket path"
  fi
  if [ -n "$reason" ]; then
    DATA_ROOT=$(mktemp -d /tmp/concord-test-servers.XXXXXX)
    DATA_ROOT_IS_TEMP=1
    say "$reason; using $DATA_ROOT for the server data"
  fi
  if is_root; then
    chown -R "$SERVER_USER:$SERVER_USER" "$DATA_ROOT"
  fi
  set_paths
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL

pg_running() {
  [ -f "$PGDATA_DIR/postmaster.pid" ] && as_server_user "$PG_BIN/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

pg_admin_psql() {
  PGPASSWORD=$(cat "$PG_ADMIN_PWFILE") PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

pg_init_cluster() {
  [ -f "$PGDATA_DIR/PG_VERSION" ] && return 0
  rm -rf "$PGDATA_DIR"
  # The bootstrap superuser gets a random password: every TCP login, admin or not, needs a password.
  (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PG_ADMIN_PWFILE")
  is_root && chown "$SERVER_USER:$SERVER_USER" "$PG_ADMIN_PWFILE"
  say "initialising PostgreSQL cluster in $PGDATA_DIR"
  if ! as_server_user "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$PG_ADMIN_PWFILE" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$DATA_ROOT/initdb.log" 2>&1; then
    echo "test-servers: error: initdb failed" >&2
    show_log_tail "$DATA_ROOT/initdb.log"
    exit 1
  fi
  # TCP on 127.0.0.1 only, no unix socket (its default directory belongs to the system server).
  # Durability is irrelevant for throw-away test data, so skip fsync for speed.
  as_server_user tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<'EOF'

# --- Concord test server (tools/test-servers.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
  as_server_user tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# Concord test server: password (SCRAM) authentication over TCP on 127.0.0.1, nothing else.
# TYPE  DATABASE  USER  ADDRESS       METHOD
host    all       all   127.0.0.1/32  scram-sha-256
EOF
}

pg_start() {
  pg_init_cluster
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(next_free_port "${PG_PORT:-$PG_BASE_PORT}")
    : >"$PG_LOG"
    is_root && chown "$SERVER_USER:$SERVER_USER" "$PG_LOG"
    # setsid: the server must not share the caller's session/process group (CI job control).
    if setsid -w "${AS_SERVER_USER[@]}" "$PG_BIN/pg_ctl" start -D "$PGDATA_DIR" -l "$PG_LOG" -w \
      -t "$READY_TIMEOUT" -o "-p $PG_PORT" >/dev/null 2>&1; then
      break
    fi
    if grep -q 'could not bind\|Address already in use' "$PG_LOG" && [ "$attempt" -lt 5 ]; then
      say "PostgreSQL port $PG_PORT was taken, trying the next one"
      PG_PORT=$((PG_PORT + 1))
      continue
    fi
    echo "test-servers: error: PostgreSQL did not start on 127.0.0.1:$PG_PORT" >&2
    show_log_tail "$PG_LOG"
    exit 1
  done
  local waited=0
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; do
    if [ "$waited" -ge "$READY_TIMEOUT" ]; then
      echo "test-servers: error: PostgreSQL not ready on 127.0.0.1:$PG_PORT after ${READY_TIMEOUT}s" >&2
      show_log_tail "$PG_LOG"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Idempotent: (re)creates the test role and database and resets the password.
pg_provision() {
  if ! pg_admin_psql -d postgres >"$DATA_ROOT/postgres-provision.log" 2>&1 <<EOF; then
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TEST_USER') THEN
    CREATE ROLE $TEST_USER LOGIN;
  END IF;
END
\$\$;
ALTER ROLE $TEST_USER WITH LOGIN CREATEDB PASSWORD '$TEST_PASSWORD';
SELECT 'CREATE DATABASE $TEST_DATABASE OWNER $TEST_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$TEST_DATABASE') \gexec
EOF
    echo "test-servers: error: could not create the PostgreSQL test user/database" >&2
    show_log_tail "$DATA_ROOT/postgres-provision.log"
    show_log_tail "$PG_LOG"
    exit 1
  fi
}

pg_stop() {
  if pg_running; then
    say "stopping PostgreSQL (port ${PG_PORT:-?})"
    as_server_user "$PG_BIN/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t "$READY_TIMEOUT" >/dev/null
  fi
}

# ---------------------------------------------------------------------------------------------------
# MariaDB

mysql_pid() {
  local pid
  [ -f "$MYSQL_PIDFILE" ] || return 1
  pid=$(cat "$MYSQL_PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = mariadbd ] || return 1
  echo "$pid"
}

mysql_running() { mysql_pid >/dev/null; }

mysql_ping() {
  # Succeeds as soon as the server answers, even though this anonymous ping is not authenticated.
  mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" --connect-timeout=2 \
    ping >/dev/null 2>&1
}

mysql_init_datadir() {
  [ -d "$MYSQL_DATA_DIR/mysql" ] && return 0
  rm -rf "$MYSQL_DATA_DIR"
  say "initialising MariaDB data directory in $MYSQL_DATA_DIR"
  if ! as_server_user mariadb-install-db --no-defaults --datadir="$MYSQL_DATA_DIR" \
    --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
    >"$DATA_ROOT/mariadb-install-db.log" 2>&1; then
    echo "test-servers: error: mariadb-install-db failed" >&2
    show_log_tail "$DATA_ROOT/mariadb-install-db.log"
    exit 1
  fi
}

# Runs with full privileges at every server start, so no admin login is needed; idempotent.
write_mysql_init_sql() {
  as_server_user tee "$MYSQL_INIT_SQL" >/dev/null <<EOF
CREATE DATABASE IF NOT EXISTS \`$TEST_DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
DROP USER IF EXISTS ''@'localhost';
CREATE USER IF NOT EXISTS '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
ALTER USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL PRIVILEGES ON \`$TEST_DATABASE\`.* TO '$TEST_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`${TEST_DATABASE//_/\\_}\\_%\`.* TO '$TEST_USER'@'127.0.0.1';
EOF
}

mysql_start() {
  mysql_init_datadir
  write_mysql_init_sql
  local attempt waited pid
  for attempt in 1 2 3 4 5; do
    MYSQL_PORT=$(next_free_port "${MYSQL_PORT:-$MYSQL_BASE_PORT}")
    : >"$MYSQL_LOG"
    is_root && chown "$SERVER_USER:$SERVER_USER" "$MYSQL_LOG"
    rm -f "$MYSQL_PIDFILE"
    setsid "${AS_SERVER_USER[@]}" mariadbd --no-defaults --datadir="$MYSQL_DATA_DIR" \
      --bind-address=127.0.0.1 --port="$MYSQL_PORT" --socket="$MYSQL_SOCKET" \
      --pid-file="$MYSQL_PIDFILE" --log-error="$MYSQL_LOG" --init-file="$MYSQL_INIT_SQL" \
      --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=64M --innodb-use-native-aio=0 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      </dev/null >>"$MYSQL_LOG" 2>&1 &
    waited=0
    until mysql_ping; do
      if ! kill -0 $! 2>/dev/null && ! mysql_running; then
        break # the server exited
      fi
      if [ "$waited" -ge "$((READY_TIMEOUT * 2))" ]; then
        echo "test-servers: error: MariaDB not ready on 127.0.0.1:$MYSQL_PORT after ${READY_TIMEOUT}s" >&2
        show_log_tail "$MYSQL_LOG"
        exit 1
      fi
      sleep 0.5
      waited=$((waited + 1))
    done
    if mysql_running && mysql_ping; then
      # The ping can answer before --init-file has run; a first login by the test user proves it.
      waited=0
      until mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u "$TEST_USER" \
        -p"$TEST_PASSWORD" -D "$TEST_DATABASE" -e 'SELECT 1' >/dev/null 2>&1; do
        if [ "$waited" -ge "$((READY_TIMEOUT * 2))" ]; then
          echo "test-servers: error: MariaDB is up but user '$TEST_USER' cannot log in" >&2
          show_log_tail "$MYSQL_LOG"
          exit 1
        fi
        sleep 0.5
        waited=$((waited + 1))
      done
      return 0
    fi
    wait $! 2>/dev/null || true
    if grep -q 'Address already in use\|Can.t start server: Bind' "$MYSQL_LOG" && [ "$attempt" -lt 5 ]; then
      say "MariaDB port $MYSQL_PORT was taken, trying the next one"
      MYSQL_PORT=$((MYSQL_PORT + 1))
      continue
    fi
    echo "test-servers: error: MariaDB did not start on 127.0.0.1:$MYSQL_PORT" >&2
    show_log_tail "$MYSQL_LOG"
    exit 1
  done
}

mysql_stop() {
  local pid waited=0
  pid=$(mysql_pid) || return 0
  say "stopping MariaDB (port ${MYSQL_PORT:-?})"
  kill -TERM "$pid" 2>/dev/null || true # SIGTERM is MariaDB's clean shutdown
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$((READY_TIMEOUT * 2))" ]; then
      echo "test-servers: warning: MariaDB (pid $pid) did not stop in ${READY_TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$MYSQL_PIDFILE"
}

# ---------------------------------------------------------------------------------------------------

stop_after_failed_start() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    cmd_stop >/dev/null 2>&1 || true
  fi
}

cmd_start() {
  load_state
  if [ -f "$STATE_FILE" ] && pg_running && mysql_running && mysql_ping; then
    say "already running (PostgreSQL 127.0.0.1:$PG_PORT, MariaDB 127.0.0.1:$MYSQL_PORT)"
    return 0
  fi
  if [ -f "$STATE_FILE" ]; then
    cmd_stop # half-running or stale: start from a clean slate
    load_state
  fi
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (run tools/install-deps.sh)"
  command -v mariadbd >/dev/null || die "mariadbd not found (run tools/install-deps.sh)"
  is_root && ensure_server_user
  choose_data_root
  PG_PORT=
  MYSQL_PORT=
  write_state
  # If anything below fails, do not leave half a setup running.
  trap stop_after_failed_start EXIT
  pg_start
  write_state
  pg_provision
  mysql_start
  write_state
  trap - EXIT
  say "PostgreSQL on 127.0.0.1:$PG_PORT, MariaDB on 127.0.0.1:$MYSQL_PORT (data in $DATA_ROOT)"
}

cmd_stop() {
  load_state
  pg_stop
  mysql_stop
  if [ "$DATA_ROOT_IS_TEMP" = 1 ] && [ "$DATA_ROOT" != "$STATE_DIR" ]; then
    case $DATA_ROOT in
    /tmp/concord-test-servers.*) rm -rf "$DATA_ROOT" ;;
    esac
  fi
  rm -f "$STATE_FILE"
}

cmd_env() {
  load_state
  if [ ! -f "$STATE_FILE" ] || [ -z "$PG_PORT" ] || [ -z "$MYSQL_PORT" ]; then
    die "servers are not running (no $STATE_FILE); run: $0 start $STATE_DIR"
  fi
  cat <<EOF
export CONCORD_TEST_PG_HOST=127.0.0.1
export CONCORD_TEST_PG_PORT=$PG_PORT
export CONCORD_TEST_PG_USER=$TEST_USER
export CONCORD_TEST_PG_PASSWORD=$TEST_PASSWORD
export CONCORD_TEST_PG_DATABASE=$TEST_DATABASE
export CONCORD_TEST_MYSQL_HOST=127.0.0.1
export CONCORD_TEST_MYSQL_PORT=$MYSQL_PORT
export CONCORD_TEST_MYSQL_USER=$TEST_USER
export CONCORD_TEST_MYSQL_PASSWORD=$TEST_PASSWORD
export CONCORD_TEST_MYSQL_DATABASE=$TEST_DATABASE
EOF
}

case $COMMAND in
start) cmd_start ;;
stop) cmd_stop ;;
env) cmd_env ;;
*) usage ;;
esac
