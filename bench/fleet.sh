#!/usr/bin/env bash
# Fleet throughput: N generated bare repositories of very different sizes (one with far more history),
# registered in a fresh PostgreSQL ledger, scanned by 1, 2 and 4 `fleet work` processes at once (as the pods of
# one Job). Prints, per worker count: wall seconds, CPU seconds (all workers), repositories per minute and MB/s
# of blob bytes read, plus the speed-up over one worker.
#   bench/fleet.sh [REPOS=40] [BIG_COMMITS=20000] [SMALL_COMMITS_MAX=1500] [WORKERS="1 2 4"]
# Needs PostgreSQL's server binaries (Debian's postgresql; .ci/postgres.sh starts a throwaway cluster).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repos="${1:-40}"
big="${2:-20000}"
small_max="${3:-1500}"
workers="${4:-1 2 4}"
out="$root/bench/out/fleet-$repos-$big-$small_max"
if [ ! -d "$out" ]; then
  mkdir -p "$out"
  for i in $(seq -w 0 $((repos - 1))); do
    # repo 0 is the giant; the rest spread from tiny to medium, deterministically.
    n=$(( 10#$i == 0 ? big : 20 + (10#$i * 7919) % small_max ))
    git init -q --bare "$out/repo-$i.git"
    python3 "$root/bench/synth-history.py" "$n" 120 | git -C "$out/repo-$i.git" fast-import --quiet
    git -C "$out/repo-$i.git" repack -adq
  done
fi
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package)
jar="$root/cli/target/keyhound.jar"
du -sh "$out" | sed 's/^/repositories on disk: /'
echo "load before: $(uptime)"
eval "$("$root/.ci/postgres.sh" start)"
trap '"$root/.ci/postgres.sh" stop "$KEYHOUND_TEST_POSTGRES_DIR"' EXIT
export KEYHOUND_HOME="$out/.state"
printf "%-8s %8s %8s %10s %8s %8s\n" workers wall_s cpu_s repos/min MB/s speedup
base=""
for w in $workers; do
  schema="bench_${w}_$$"
  java -cp "$jar" dev.keyhound.cli.Main --version >/dev/null
  "$root/bench/fleet-schema.sh" "$KEYHOUND_TEST_POSTGRES_URL" "$schema"
  ledger="$KEYHOUND_TEST_POSTGRES_URL&currentSchema=$schema"
  java -cp "$jar" dev.keyhound.cli.Main fleet add -q --ledger "$ledger" "$out"/repo-*.git
  tf="$(mktemp)"
  start=$(date +%s.%N)
  pids=()
  for k in $(seq 1 "$w"); do
    /usr/bin/time -f "%U %S" -o "$tf.$k" java -XX:+UseSerialGC -cp "$jar" dev.keyhound.cli.Main \
      fleet work -q --ledger "$ledger" --threads 1 >/dev/null 2>"$tf.err.$k" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  end=$(date +%s.%N)
  cpu=$(cat "$tf".[0-9]* | awk '{s += $1 + $2} END {printf "%.1f", s}')
  bytes=$("$root/bench/fleet-schema.sh" "$KEYHOUND_TEST_POSTGRES_URL" "$schema" bytes)
  scanned=$("$root/bench/fleet-schema.sh" "$KEYHOUND_TEST_POSTGRES_URL" "$schema" scans)
  wall=$(echo "$end - $start" | bc -l)
  [ -z "$base" ] && base="$wall"
  printf "%-8s %8.1f %8s %10.1f %8.1f %8.2f\n" "$w" "$wall" "$cpu" "$(echo "$scanned * 60 / $wall" | bc -l)" \
    "$(echo "$bytes / 1000000 / $wall" | bc -l)" "$(echo "$base / $wall" | bc -l)"
  rm -f "$tf"*
done
echo "load after: $(uptime)"
