#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger and fleet tests: a temporary folder, a free loopback port,
# trust authentication, gone when stopped. Works as root (CI) and as a developer.
#
#   .ci/postgres.sh run CMD [ARG...]   start, run CMD with KEYHOUND_TEST_POSTGRES_URL exported, stop (exit: CMD's)
#   eval "$(.ci/postgres.sh start)"    start; prints export lines for KEYHOUND_TEST_POSTGRES_URL/_DIR
#   .ci/postgres.sh stop [DIR]         stop the cluster started in DIR (default $KEYHOUND_TEST_POSTGRES_DIR)
#
# PostgreSQL comes from Debian's packages (installed with apt-get when no server binaries are found).
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    say "no PostgreSQL server found; installing Debian's postgresql package"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$d"
}

# initdb refuses to run as root: as root the cluster belongs to an unprivileged account.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
  # No Python: a random high port nobody answers on.
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
}

start() {
  local bin dir port attempt
  bin="$(bin_dir)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/keyhound-pg.XXXXXX")"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    chown "$user" "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U keyhound --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; say "initdb failed"; exit 1; }
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    # fsync off: a throwaway cluster need not survive a power cut, and the tests commit often.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U keyhound keyhound
      echo "export KEYHOUND_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/keyhound?user=keyhound'"
      echo "export KEYHOUND_TEST_POSTGRES_DIR='$dir'"
      say "started on 127.0.0.1:$port in $dir"
      return 0
    fi
    say "could not start on port $port (attempt $attempt)"
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir="${1:-${KEYHOUND_TEST_POSTGRES_DIR:-}}" bin
  [ -n "$dir" ] && [ -d "$dir" ] || { say "nothing to stop"; return 0; }
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  run)
    shift
    [ $# -gt 0 ] || { say "usage: $0 run CMD [ARG...]"; exit 2; }
    eval "$(start)"
    trap 'stop "$KEYHOUND_TEST_POSTGRES_DIR"' EXIT
    trap 'exit 130' INT TERM
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  *)
    say "usage: $0 start | stop [DIR] | run CMD [ARG...]"
    exit 2
    ;;
esac
