#!/usr/bin/env bash
# Wall and CPU time of `keyhound protect --staged` (through the ./keyhound launcher, as a hook runs it) on a
# repository with ten staged files, beside `java -version` measured in the same run: several runs, alternating,
# median of each. CPU time (user + system, the JVM and its git children) is what a loaded machine distorts least.
# Usage: [KEYHOUND=...] [CONFIG=...] bench/protect-latency.sh [RUNS] [clean|finding|config] (default 9 clean). BASELINE=/path/to/other/keyhound adds
# a third column, measured in the same alternation, and the ratio of the two. `finding` also stages one line
# holding an AWS access key id, so that every run stops the commit (exit 1): the path where a user waits longest
# (rule regex compiled on first use, checksums, finding ids, the report). `config` is `clean` in a repository holding
# a .keyhound.toml at its root, as one does that keeps an allowlist or a few rules of its own: the hook then reads
# that file on every commit. The file is a small one ([extend] useDefault = true and a path allowlist), or the file
# CONFIG names (CONFIG=../shared/compat/gitleaks.toml bench/protect-latency.sh 15 config: ~220 rules of its own).
# `java -version` runs the java the launcher runs: $JAVA_HOME/bin/java when JAVA_HOME names one, else java on PATH
# (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/protect-latency.sh measures both on JDK 25).
# Where one run's time goes, phase by phase: KEYHOUND_TRACE_STARTUP=1 ./keyhound protect --staged
# On a machine other builds are loading, RT=1 runs every timed command (all three columns alike) under a real-time
# FIFO priority (`chrt -f 10`; root or CAP_SYS_NICE): other processes then cannot preempt it, so the wall times are
# those of a quiet machine, within a few ms from run to run at a load average of 10.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-9}"
mode="${2:-clean}"
case "$mode" in clean | finding | config) ;; *) echo "usage: $0 [RUNS] [clean|finding|config]" >&2 && exit 2 ;; esac
base="${BASELINE:-}"
rt=()
if [ -n "${RT:-}" ]; then
  chrt -f 10 true 2>/dev/null || { echo "RT=1 needs chrt and the right to use it (root or CAP_SYS_NICE)" >&2 && exit 2; }
  rt=(chrt -f 10)
fi
kh="${KEYHOUND:-$root/keyhound}"   # KEYHOUND=/path/to/keyhound measures another build (e.g. a copy, safe from rebuilds)
repo="$(mktemp -d)"
times="$(mktemp)"
trap 'rm -rf "$repo" "$times"' EXIT
git -C "$repo" init -q
for i in $(seq 1 10); do printf 'setting_%d = %d\n' "$i" "$i" >"$repo/file$i.py"; done
if [ "$mode" = config ]; then
  if [ -n "${CONFIG:-}" ]; then
    cp "$CONFIG" "$repo/.keyhound.toml"
  else
    printf "[extend]\nuseDefault = true\n\n[allowlist]\npaths = ['''vendor/''']\n" >"$repo/.keyhound.toml"
  fi
fi
git -C "$repo" add . && git -C "$repo" -c user.name=b -c user.email=b@example.com commit -qm start
for i in $(seq 1 10); do printf 'more_%d = "value %d"\n' "$i" "$i" >>"$repo/file$i.py"; done
# (the key in two halves: this script is scanned with the repository and must hold no key itself)
[ "$mode" != finding ] || printf 'aws_key = "%s%s"\n' AKIA Z7VQ3XPLM4K2WJ5R >>"$repo/file5.py"
git -C "$repo" add .
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
"$kh" --version >/dev/null                        # build outside the timings
(cd "$repo" && "$kh" protect --staged) >/dev/null 2>&1 || true              # first protect records the CDS archive
[ -z "$base" ] || (cd "$repo" && "$base" protect --staged) >/dev/null 2>&1 || true
# One run: "wall_ms cpu_ms" (CPU from the shell's children times, so git started by the JVM counts too).
measure() {
  local t0 t1
  t0=$(date +%s%N)
  ${rt[@]+"${rt[@]}"} /usr/bin/time -f '%U %S' -o "$times" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  # (time's last line: with `finding` every run exits 1, and time says so on a line of its own first)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -n 1 "$times" | awk '{printf "%d", ($1 + $2) * 1000}')"
}
pw=(); pc=(); jw=(); jc=(); bw=(); bc=()
for _ in $(seq 1 "$runs"); do
  read -r w c < <(cd "$repo" && measure "$kh" protect --staged); pw+=("$w"); pc+=("$c")
  read -r w c < <(measure "$java" -version); jw+=("$w"); jc+=("$c")
  if [ -n "$base" ]; then
    read -r w c < <(cd "$repo" && measure "$base" protect --staged); bw+=("$w"); bc+=("$c")
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mpw=$(median "${pw[@]}"); mpc=$(median "${pc[@]}"); mjw=$(median "${jw[@]}"); mjc=$(median "${jc[@]}")
what="$mode"
[ "$mode" != config ] || what="config: ${CONFIG:-a small .keyhound.toml}"
echo "runs: $runs, 10 staged files ($what), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)${RT:+, real-time priority}"
echo "keyhound protect --staged: wall median ${mpw} ms, cpu median ${mpc} ms  (wall: ${pw[*]})"
echo "$java -version: wall median ${mjw} ms, cpu median ${mjc} ms  (wall: ${jw[*]})"
echo "added by keyhound over bare JVM start: wall $((mpw - mjw)) ms, cpu $((mpc - mjc)) ms"
if [ -n "$base" ]; then
  mbw=$(median "${bw[@]}"); mbc=$(median "${bc[@]}")
  echo "baseline ($base):  wall median ${mbw} ms, cpu median ${mbc} ms  (wall: ${bw[*]})"
  echo "added by baseline over bare JVM start: wall $((mbw - mjw)) ms, cpu $((mbc - mjc)) ms"
  awk -v a="$mpw" -v b="$mbw" -v c="$mpc" -v d="$mbc" \
    'BEGIN {printf "this / baseline: wall %.2f, cpu %.2f\n", a / b, c / d}'
fi
