#!/usr/bin/env bash
# Keys verified per second against dev-issuer over loopback, through the real CLI path
# (keyhound scan --verify): once with the rate cap off, once with --verify-rps 50 to show the cap holds.
# The figure is keyhound's own timing of the verification phase (parallel validations + ledger writes), so JVM
# start-up and detection are left out.
# Usage: bench/verify-throughput.sh [KEYS_UNCAPPED] [KEYS_CAPPED]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n_fast="${1:-1000}"
n_capped="${2:-200}"
rps=50
work="$(mktemp -d)"
port="${BENCH_PORT:-18977}"
export KEYHOUND_HOME="$work/home"
export KEYHOUND_ISSUER_ADMIN_KEY="bench-admin-key"
trap 'kill "$issuer_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$root/keyhound" --version >/dev/null   # builds the jar if needed
java -jar "$root/cli/target/keyhound.jar" dev-issuer --port "$port" --db "$work/issuer.db" >/dev/null &
issuer_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done

make_keys() { # $1 = count, $2 = dir
  mkdir -p "$2"
  for i in $(seq "$1"); do
    value=$(curl -s -X POST "http://127.0.0.1:$port/user_management/users/user_$i/api_keys" \
      -H "Authorization: Bearer $KEYHOUND_ISSUER_ADMIN_KEY" -H 'Content-Type: application/json' \
      -d '{"name":"bench","permissions":[],"organization_id":"org_bench"}' | sed -E 's/.*"value":"([^"]+)".*/\1/')
    printf 'KEY_%d=%s\n' "$i" "$value" >> "$2/keys.env"
  done
  printf '[issuer]\nbase_url = "http://127.0.0.1:%s"\napi_key_env = "KEYHOUND_ISSUER_ADMIN_KEY"\n' "$port" > "$2/.keyhound.toml"
}

measure() { # $1 = count, $2 = dir, $3 = rps
  make_keys "$1" "$2"
  local line
  line=$(java -jar "$root/cli/target/keyhound.jar" scan "$2" --no-git --verify --format json \
    --ledger "$work/ledger-$3.db" --verify-rps "$3" 2>&1 >/dev/null | grep -o 'verified .*' || true)
  printf '%-16s %s\n' "verify-rps=$3:" "${line:-no verification line in the output of keyhound}"
}

echo "dev-issuer on 127.0.0.1:$port, $(nproc) cores"
measure "$n_fast" "$work/fast" 0
measure "$n_capped" "$work/capped" "$rps"
echo "(the capped run should show about $rps keys/s)"
