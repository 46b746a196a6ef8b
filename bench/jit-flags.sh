#!/usr/bin/env bash
# Compares JVM settings for `keyhound scan` side by side: each variant runs the launcher with extra JVM options
# (KEYHOUND_JAVA_OPTS, which come after the launcher's own), alternating, RUNS rounds; prints the medians of wall
# and CPU time (user + sys, children included) and their ratios to the first variant.
#
#   bench/jit-flags.sh RUNS VARIANT... -- SCAN-ARGS...
#   VARIANT is "label|options" (this checkout's ./keyhound, or $KEYHOUND) or "label@/other/keyhound|options".
#
#   bench/jit-flags.sh 5 "now|" "c1|-XX:TieredStopAtLevel=1" "before@/work/baseline/keyhound|" -- --no-git /tmp/ds-corpus
#
# Copy the launcher and its jars elsewhere first (cp keyhound cli/target/*.jar to /tmp/x/...) when you edit the
# checkout while this runs: ./keyhound rebuilds when sources change. Note the load printed at the end.
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=$1
shift
variants=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  variants+=("$1")
  shift
done
[ $# -gt 0 ] && shift
[ ${#variants[@]} -gt 0 ] && [ $# -gt 0 ] || {
  echo "usage: $0 RUNS 'label|opts'... -- SCAN-ARGS..." >&2
  exit 2
}
declare -A cpu wall
load0="$(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$runs"); do
  for spec in "${variants[@]}"; do
    head=${spec%%|*}
    opts=${spec#*|}
    label=${head%%@*}
    launcher="${KEYHOUND:-$here/keyhound}"
    [ "$head" != "$label" ] && launcher=${head#*@}
    f=$(mktemp)
    KEYHOUND_JAVA_OPTS="$opts" /usr/bin/time -o "$f" -f '%e %U %S' "$launcher" scan --quiet "$@" >/dev/null 2>&1 || true
    read -r w u s < <(tail -1 "$f")
    rm -f "$f"
    cpu[$label]+="$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%d", (u+s)*1000}') "
    wall[$label]+="$(awk -v w="$w" 'BEGIN{printf "%d", w*1000}') "
  done
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "scan $* -- $runs rounds; load before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
first=""
for spec in "${variants[@]}"; do
  head=${spec%%|*}
  label=${head%%@*}
  # shellcheck disable=SC2086
  c=$(med ${cpu[$label]})
  # shellcheck disable=SC2086
  w=$(med ${wall[$label]})
  [ -z "$first" ] && first="$c $w"
  read -r c0 w0 <<<"$first"
  printf '%-12s CPU %6d ms (%.2fx)  wall %6d ms (%.2fx)   cpu: %s  wall: %s\n' "$label" "$c" \
    "$(awk -v a="$c" -v b="$c0" 'BEGIN{print a/b}')" "$w" "$(awk -v a="$w" -v b="$w0" 'BEGIN{print a/b}')" \
    "${cpu[$label]}" "${wall[$label]}"
done
