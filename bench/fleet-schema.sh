#!/usr/bin/env bash
# Helper for bench/fleet.sh: fleet-schema.sh JDBC_URL SCHEMA [bytes|scans]
# Without a third argument creates SCHEMA; with one, prints the total bytes read or the number of finished scans.
set -euo pipefail
url="$1"; schema="$2"
rest="${url#jdbc:postgresql://}"
hostport="${rest%%/*}"; db="${rest#*/}"; db="${db%%\?*}"
user="$(echo "$url" | sed -n 's/.*[?&]user=\([^&]*\).*/\1/p')"
psql_() { psql -X -q -t -A -h "${hostport%:*}" -p "${hostport#*:}" -U "$user" -d "$db" -c "$1"; }
case "${3:-}" in
  "") psql_ "CREATE SCHEMA $schema" ;;
  bytes) psql_ "SELECT COALESCE(SUM(bytes), 0) FROM $schema.fleet_scans" ;;
  scans) psql_ "SELECT COUNT(*) FROM $schema.fleet_scans WHERE outcome = 'ok'" ;;
esac
