#!/usr/bin/env bash
# Scan time of a directory of plain source files with content extraction (the default) and without it
# (--no-extract), a few runs each, to show that seeing inside files does not slow plain-text scanning.
# Usage: bench/extract-overhead.sh [FILES] [RUNS]   (defaults: 3000 files from the JDK's src.zip, 5 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-3000}"
runs="${2:-5}"
src_zip="${SRC_ZIP:-/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip}"
[ -f "$src_zip" ] || { echo "no src.zip at $src_zip: apt-get install openjdk-17-source, or set SRC_ZIP" >&2; exit 2; }
"$root/keyhound" --version >/dev/null # builds the jar when sources changed

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q "$src_zip" $(unzip -Z1 "$src_zip" | grep '\.java$' | head -n "$files") -d "$work/src"
count=$(find "$work/src" -type f | wc -l)
size=$(du -sh "$work/src" | cut -f1)
echo "corpus: $count plain .java files, $size, from $src_zip"
export KEYHOUND_HOME="$work/state"

run() { # prints wall-clock ms of one scan
  local start end
  start=$(date +%s%N)
  java -jar "$root/cli/target/keyhound.jar" scan --threads 2 --format json "$@" "$work/src" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

run --no-extract >/dev/null # warm the page cache and the JIT-less start
plain=()
deep=()
for _ in $(seq "$runs"); do # interleaved, so drift in machine load hits both alike
  plain+=("$(run --no-extract)")
  deep+=("$(run)")
done
report() { # name, times...
  local name="$1"; shift
  local sorted median
  sorted=$(printf '%s\n' "$@" | sort -n | tr '\n' ' ')
  median=$(printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p")
  printf '%-14s runs(ms): %s median: %s ms\n' "$name" "$sorted" "$median"
}
report "--no-extract" "${plain[@]}"
report "default" "${deep[@]}"

tika=$(java -verbose:class -jar "$root/cli/target/keyhound.jar" scan --format json "$work/src" 2>/dev/null \
  | grep -c 'org.apache.tika' || true)
echo "Tika classes loaded during the default scan of plain files: $tika"
