#!/usr/bin/env bash
# Wall and CPU time of `keyhound scan --no-git` (default settings, through the ./keyhound launcher) over a
# directory of source files, beside `cat` of the same files (the floor), warm page cache, measured in one
# run, alternating; prints medians, MB/s and the ratio to the floor.
# Usage: bench/dir-scan.sh DIR [RUNS] (default 3). KEYHOUND=path/to/keyhound measures another build;
# KEYHOUND_BEFORE=path/to/other/keyhound also times that build in the same run, alternating, and prints the
# CPU and wall ratios of the two (a before/after comparison on a shared machine).
# A corpus like the issue's (several releases of one big source tree): for example the Python standard
# library of two versions plus the JDK's java.base and java.xml sources (~10k files, 157 MB):
#   for v in 3.12.1 3.13.0; do mkdir -p c/py-$v; tar -C ~/.pyenv/versions/$v/lib/python${v%.*} \
#     --exclude=__pycache__ --exclude=./site-packages --exclude=./lib-dynload --exclude='libpython*.a' \
#     -cf - . | tar -C c/py-$v -xf -; done
#   (mkdir -p c/jdk && cd c/jdk && unzip -q "$JAVA_HOME/lib/src.zip" 'java.base/*' 'java.xml/*')
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:?usage: bench/dir-scan.sh DIR [RUNS]}"
runs="${2:-3}"
keyhound="${KEYHOUND:-$root/keyhound}"
bytes=$(find "$dir" -type f -print0 | xargs -0 cat | wc -c)
files=$(find "$dir" -type f | wc -l)
"$keyhound" --version >/dev/null                                          # build outside the timings
"$keyhound" scan --no-git --quiet "$dir" >/dev/null 2>&1 || true          # warm the cache (and the CDS archive)
before="${KEYHOUND_BEFORE:-}"
if [ -n "$before" ]; then
  "$before" --version >/dev/null
  "$before" scan --no-git --quiet "$dir" >/dev/null 2>&1 || true
fi
# Prints "wall_ms cpu_ms" of one command (CPU: user + sys of the command and its children).
timed() {
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
  tail -1 "$f" | awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}'
  rm -f "$f"
}
kw=(); kc=(); cw=(); cc=(); bw=(); bc=()
for _ in $(seq 1 "$runs"); do
  read -r w c < <(timed sh -c 'find "$1" -type f -print0 | xargs -0 cat' sh "$dir"); cw+=("$w"); cc+=("$c")
  if [ -n "$before" ]; then
    read -r w c < <(timed "$before" scan --no-git --quiet "$dir"); bw+=("$w"); bc+=("$c")
  fi
  read -r w c < <(timed "$keyhound" scan --no-git --quiet "$dir"); kw+=("$w"); kc+=("$c")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mkw=$(median "${kw[@]}"); mkc=$(median "${kc[@]}"); mcw=$(median "${cw[@]}"); mcc=$(median "${cc[@]}")
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
echo "corpus: $dir, $files files, $mb MB; runs: $runs, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
awk -v b="$bytes" -v w="$mkw" -v c="$mkc" -v all="${kw[*]}" 'BEGIN {
  printf "keyhound scan --no-git: median wall %d ms (%.0f MB/s), CPU %d ms (%.0f MB per CPU-s)  (walls: %s)\n",
    w, b / 1e3 / w, c, b / 1e3 / c, all }'
awk -v b="$bytes" -v w="$mcw" -v c="$mcc" -v all="${cw[*]}" 'BEGIN {
  printf "cat (the floor):        median wall %d ms (%.0f MB/s), CPU %d ms  (walls: %s)\n", w, b / 1e3 / w, c, all }'
awk -v k="$mkw" -v f="$mcw" 'BEGIN { printf "ratio keyhound / cat (wall): %.1fx\n", k / (f > 0 ? f : 1) }'
if [ -n "$before" ]; then
  mbw=$(median "${bw[@]}"); mbc=$(median "${bc[@]}")
  awk -v b="$bytes" -v w="$mbw" -v c="$mbc" -v all="${bw[*]}" -v cpus="${bc[*]}" 'BEGIN {
    printf "before (%s): median wall %d ms (%.0f MB/s), CPU %d ms (%.0f MB per CPU-s)  (walls: %s; CPU: %s)\n",
      ENVIRON["KEYHOUND_BEFORE"], w, b / 1e3 / w, c, b / 1e3 / c, all, cpus }'
  awk -v c="$mkc" -v bc="$mbc" -v w="$mkw" -v bw="$mbw" 'BEGIN {
    printf "ratio keyhound / before: CPU %.2fx, wall %.2fx\n", c / (bc > 0 ? bc : 1), w / (bw > 0 ? bw : 1) }'
fi
