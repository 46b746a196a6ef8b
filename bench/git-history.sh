#!/usr/bin/env bash
# Compares keyhound's history scan with the floor for reading a repository's objects and with what
# gitleaks/TruffleHog parse, all in one run on one repository:
#   git cat-file --batch-all-objects --batch   every object read once (no history scanner can read less)
#   git log -p --all                           the patch stream gitleaks and TruffleHog scan
#   keyhound scan --no-worktree                history scan: unique blobs, each read and scanned once
# Usage: bench/git-history.sh [REPO] (default /root/.pyenv; if it has under 1000 commits, a generated
# repository of 10k commits in bench/out/ is used instead).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="${1:-/root/.pyenv}"
commits=$(git -C "$repo" rev-list --all --count 2>/dev/null || echo 0)
if [ -z "${1:-}" ] && [ "$commits" -lt 1000 ]; then
  echo "note: $repo has $commits commit(s) (a shallow clone?); using a generated 10k-commit repository" >&2
  repo="$root/bench/out/synthetic-10k.git"
  if [ ! -d "$repo" ]; then
    mkdir -p "$root/bench/out"
    git init -q --bare "$repo"
    python3 "$root/bench/synth-history.py" 10000 300 | git -C "$repo" fast-import --quiet
    git -C "$repo" repack -adq
  fi
  commits=$(git -C "$repo" rev-list --all --count)
fi
"$root/keyhound" --version >/dev/null   # build first, outside the timings
# The first scan after a build records the launcher's class-data archive for scan; later scans map it.
"$root/keyhound" scan --no-worktree --quiet --format json "$root" >/dev/null 2>&1 || true
measure() { # measure OUT CMD...: runs CMD with stdout to OUT; prints "wall cpu" seconds (cpu = user + sys)
  local out="$1"; shift
  local tf; tf="$(mktemp)"
  /usr/bin/time -f "%e %U %S" -o "$tf" "$@" >"$out" || true
  awk '{print $1, $2 + $3}' "$tf"; rm -f "$tf"
}
all_bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objectsize)' | awk '{s+=$1} END {print s}')
blob_bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
  | awk '$1=="blob" {s+=$2} END {print s}')
git -C "$repo" cat-file --batch-all-objects --batch >/dev/null   # warm the page cache for everyone
read -r w_cat c_cat < <(measure /dev/null git -C "$repo" cat-file --batch-all-objects --batch)
logp_bytes=$(git -C "$repo" log -p --all | wc -c)
read -r w_log c_log < <(measure /dev/null git -C "$repo" log -p --all)
json="$(mktemp)"
read -r w_kh c_kh < <(measure "$json" "$root/keyhound" scan --no-worktree --quiet --format json "$repo")
# The same scan with the JVM's default compiler thresholds and GC (G1) instead of the launcher's (C2 only for
# the hottest methods, serial GC): on 2 busy cores C2's compile work costs more than it returns in a short scan.
read -r w_c1 c_c1 < <(KEYHOUND_JAVA_OPTS="-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC" \
  measure /dev/null "$root/keyhound" scan --no-worktree --quiet --format json "$repo")
kh_bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["bytes_scanned"])' "$json")
rm -f "$json"
load=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$repo" "$commits" "$all_bytes" "$blob_bytes" "$logp_bytes" "$kh_bytes" \
  "$w_cat" "$c_cat" "$w_log" "$c_log" "$w_kh" "$c_kh" "$load" "$(nproc)" "$w_c1" "$c_c1" <<'PY'
import sys
repo, commits = sys.argv[1], int(sys.argv[2])
allb, blobb, logb, khb = (int(x) for x in sys.argv[3:7])
wcat, ccat, wlog, clog, wkh, ckh = (float(x) for x in sys.argv[7:13])
mb = 1e6
print(f"repository: {repo} ({commits} commits, {allb/mb:.1f} MB in all objects, {blobb/mb:.1f} MB in blobs)")
print(f"machine: {sys.argv[14]} cores, load average {sys.argv[13]} (wall times stretch under load; CPU times less)")
print(f"{'reader':42} {'wall s':>7} {'cpu s':>7} {'MB':>7} {'MB/s':>7} {'wall x':>7} {'cpu x':>7}")
rows = [("git cat-file --batch-all-objects --batch", wcat, ccat, allb),
        ("git log -p --all", wlog, clog, logb),
        ("keyhound scan --no-worktree", wkh, ckh, khb),
        ("  same, JVM default flags (C2, G1)", float(sys.argv[15]), float(sys.argv[16]), khb)]
for name, w, c, b in rows:
    print(f"{name:42} {w:7.2f} {c:7.2f} {b/mb:7.1f} {b/mb/w:7.1f} {w/wcat:7.2f} {c/ccat:7.2f}")
PY
