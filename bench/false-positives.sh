#!/usr/bin/env bash
# False findings per 100 MB of clean real code: the JDK's sources (src.zip, unpacked), the Python standard
# library (/usr/lib/python3*), /usr/share/doc and a few popular npm packages' published sources. None of them
# holds a live credential, so every finding is a false one (documentation examples included: a scanner that
# reports AKIAIOSFODNN7EXAMPLE from a README wastes its user's time as much as one that reports an identifier).
#
# Usage: bench/false-positives.sh [KEYHOUND launcher, default ./keyhound] [work dir, default /tmp/keyhound-fp]
# Prints one row per corpus: MB scanned, findings (distinct values), occurrences, occurrences per 100 MB,
# and keeps each corpus' JSON report in the work dir (report-<corpus>.json) to look the findings over.
# npm packages are fetched with `npm pack` (the registry must be reachable; the corpus is skipped otherwise).
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
cd "$(dirname "$0")/.."
KEYHOUND="${1:-$PWD/keyhound}"
WORK="${2:-/tmp/keyhound-fp}"
NPM_PACKAGES=(typescript lodash express axios moment webpack eslint undici jsonwebtoken stripe @octokit/rest
  @aws-sdk/client-s3 firebase-admin)
mkdir -p "$WORK/corpora"

jdk_src=""
for z in /usr/lib/jvm/java-17*/lib/src.zip /usr/lib/jvm/*/lib/src.zip; do
  if [ -f "$z" ] && unzip -tqq "$z" >/dev/null 2>&1; then jdk_src="$z"; break; fi
done
if [ -n "$jdk_src" ] && [ ! -d "$WORK/corpora/jdk" ]; then
  rm -rf "$WORK/corpora/jdk.tmp" && mkdir -p "$WORK/corpora/jdk.tmp" \
    && unzip -q -o "$jdk_src" -d "$WORK/corpora/jdk.tmp" && mv "$WORK/corpora/jdk.tmp" "$WORK/corpora/jdk"
fi
if [ ! -d "$WORK/corpora/npm" ] && command -v npm >/dev/null; then
  mkdir -p "$WORK/corpora/npm.tmp"
  (cd "$WORK/corpora/npm.tmp" && npm pack --silent "${NPM_PACKAGES[@]}" >/dev/null 2>&1 \
    && for t in *.tgz; do mkdir -p "${t%.tgz}" && tar -xzf "$t" -C "${t%.tgz}" && rm "$t"; done) \
    && mv "$WORK/corpora/npm.tmp" "$WORK/corpora/npm" || echo "npm corpus skipped (npm pack failed)" >&2
fi

declare -A CORPUS=(
  [jdk-src]="$WORK/corpora/jdk"
  [python3]="$(ls -d /usr/lib/python3* 2>/dev/null | tr '\n' ' ')"
  [usr-share-doc]=/usr/share/doc
  [npm]="$WORK/corpora/npm"
)
printf '%-14s %9s %9s %12s %14s\n' corpus MB findings occurrences "occ/100MB"
total_bytes=0
total_occ=0
for name in jdk-src python3 usr-share-doc npm; do
  dirs=${CORPUS[$name]}
  [ -n "$dirs" ] || continue
  report="$WORK/report-$name.json"
  # shellcheck disable=SC2086
  "$KEYHOUND" scan --quiet --no-git --format json $dirs >"$report" 2>"$WORK/stderr-$name.txt" || true
  read -r bytes findings occ < <(python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["findings"]
print(r["scan"]["bytes_scanned"], len(f), sum(len(x["occurrences"]) for x in f))
PY
)
  total_bytes=$((total_bytes + bytes))
  total_occ=$((total_occ + occ))
  awk -v n="$name" -v b="$bytes" -v f="$findings" -v o="$occ" \
    'BEGIN { printf "%-14s %9.1f %9d %12d %14.2f\n", n, b/1e6, f, o, (b > 0 ? o / (b/1e8) : 0) }'
done
awk -v b="$total_bytes" -v o="$total_occ" \
  'BEGIN { printf "%-14s %9.1f %9s %12d %14.2f\n", "all", b/1e6, "", o, (b > 0 ? o / (b/1e8) : 0) }'
