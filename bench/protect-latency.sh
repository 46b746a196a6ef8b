#!/usr/bin/env bash
# Wall time of `keyhound protect --staged` (through the ./keyhound launcher, as a hook runs it) on a repository
# with ten staged files, beside `java -version` measured in the same run: several runs, median of each.
# Usage: bench/protect-latency.sh [RUNS] (default 9).
# Where one run's time goes, phase by phase: KEYHOUND_TRACE_STARTUP=1 ./keyhound protect --staged
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-9}"
repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
for i in $(seq 1 10); do printf 'setting_%d = %d\n' "$i" "$i" >"$repo/file$i.py"; done
git -C "$repo" add . && git -C "$repo" -c user.name=b -c user.email=b@example.com commit -qm start
for i in $(seq 1 10); do printf 'more_%d = "value %d"\n' "$i" "$i" >>"$repo/file$i.py"; done
git -C "$repo" add .
"$root/keyhound" --version >/dev/null                        # build outside the timings
(cd "$repo" && "$root/keyhound" protect --staged)              # first protect records the CDS archive
wall() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
p=(); j=()
for _ in $(seq 1 "$runs"); do
  p+=("$(cd "$repo" && wall "$root/keyhound" protect --staged)")
  j+=("$(wall java -version)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mp=$(median "${p[@]}"); mj=$(median "${j[@]}")
echo "runs: $runs, 10 staged files, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
echo "keyhound protect --staged: median ${mp} ms  (all: ${p[*]})"
echo "java -version:             median ${mj} ms  (all: ${j[*]})"
echo "added by keyhound over bare JVM start: $((mp - mj)) ms"
