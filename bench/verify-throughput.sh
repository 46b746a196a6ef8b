#!/usr/bin/env bash
# Keys verified per second against dev-issuer over loopback, through the real CLI path
# (keyhound scan --verify): once with the rate cap off, once with --verify-rps 50 to show the cap holds.
# The figure is keyhound's own timing of the verification phase (parallel validations + ledger writes), so JVM
# start-up and detection are left out.
#
# Side by side: with BEFORE_JAR=/path/to/an/older/keyhound.jar, each round runs the older build (its own
# dev-issuer and scan) and then this one, alternating, and prints the ratio of the medians.
# Usage: bench/verify-throughput.sh [KEYS_UNCAPPED] [KEYS_CAPPED] [ROUNDS]
#   VERIFY_CONCURRENCY=N passes --verify-concurrency N to this build (default: its own default).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n_fast="${1:-1000}"
n_capped="${2:-200}"
rounds="${3:-3}"
rps=50
work="$(mktemp -d)"
port="${BENCH_PORT:-18977}"
export KEYHOUND_ISSUER_ADMIN_KEY="bench-admin-key"
issuer_pid=""
trap '[ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$root/keyhound" --version >/dev/null   # builds the jar if needed
after_jar="$root/cli/target/keyhound.jar"

make_keys() { # $1 = count, $2 = dir: mints keys over one keep-alive connection (curl per key costs more)
  mkdir -p "$2"
  python3 - "$port" "$2/keys.env" "$1" <<'PY'
import http.client, json, sys
port, out, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
c = http.client.HTTPConnection("127.0.0.1", port)
with open(out, "w") as f:
    for i in range(n):
        c.request("POST", f"/user_management/users/user_{i}/api_keys",
                  body=json.dumps({"name": "bench", "permissions": [], "organization_id": "org_bench"}),
                  headers={"Authorization": "Bearer bench-admin-key", "Content-Type": "application/json"})
        f.write("KEY_%d=%s\n" % (i, json.loads(c.getresponse().read())["value"]))
PY
  printf '[issuer]\nbase_url = "http://127.0.0.1:%s"\napi_key_env = "KEYHOUND_ISSUER_ADMIN_KEY"\n' "$port" > "$2/.keyhound.toml"
}

run() { # $1 = jar, $2 = label, $3 = count, $4 = rps, $5... extra scan flags; prints keys/s
  local jar="$1" label="$2" n="$3" cap="$4"; shift 4
  local dir="$work/$label-$cap-$RANDOM"
  mkdir -p "$dir"
  export KEYHOUND_HOME="$dir/home"
  java -jar "$jar" dev-issuer --port "$port" --db "$dir/issuer.db" >/dev/null 2>&1 &
  issuer_pid=$!
  for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  make_keys "$n" "$dir/keys"
  local line
  line=$(java -jar "$jar" scan "$dir/keys" --no-git --verify --format json --ledger "$dir/ledger.db" \
    --verify-rps "$cap" "$@" 2>&1 >/dev/null | grep -o 'verified .*' || true)
  kill "$issuer_pid"; wait "$issuer_pid" 2>/dev/null || true; issuer_pid=""
  printf '%-8s verify-rps=%-3s %s\n' "$label" "$cap" "${line:-no verification line}" >&2
  sed -E 's/.*\(([0-9.]+) keys\/s\).*/\1/' <<<"${line:-(0 keys/s)}"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

extra=()
[ -n "${VERIFY_CONCURRENCY:-}" ] && extra=(--verify-concurrency "$VERIFY_CONCURRENCY")
echo "dev-issuer on 127.0.0.1:$port, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
before=(); after=()
for _ in $(seq "$rounds"); do
  if [ -n "${BEFORE_JAR:-}" ]; then before+=("$(run "$BEFORE_JAR" before "$n_fast" 0)"); fi
  after+=("$(run "$after_jar" after "$n_fast" 0 "${extra[@]}")")
done
a=$(printf '%s\n' "${after[@]}" | median)
echo "this build, uncapped, median of $rounds: $a keys/s ($n_fast keys)"
if [ -n "${BEFORE_JAR:-}" ]; then
  b=$(printf '%s\n' "${before[@]}" | median)
  echo "before,     uncapped, median of $rounds: $b keys/s; ratio after/before: $(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.2f", a/b}')"
fi
c=$(run "$after_jar" after "$n_capped" "$rps" "${extra[@]}")
echo "this build, --verify-rps $rps: $c keys/s ($n_capped keys; the cap holds if this is about $rps)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
