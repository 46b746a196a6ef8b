#!/usr/bin/env bash
# Compares keyhound's history scan with the floor for reading a repository's objects and with what
# gitleaks/TruffleHog parse, all in one run on one repository:
#   git cat-file --batch-all-objects --batch   every object read once (no history scanner can read less)
#   git log -p --all                           the patch stream gitleaks and TruffleHog scan
#   keyhound scan --no-worktree                history scan: unique blobs, each read and scanned once
#   keyhound with KEYHOUND_JAVA_OPTS=-Xmx512m  the same scan in a 512 MiB heap (goal: within 1.2x)
#   keyhound scan --no-extract                 plain text only: what extraction (documents, archives,
#                                              encoded values) adds is the difference to the default row
# Each row gives wall and CPU time, its ratio to cat-file's, and peak RSS (/usr/bin/time -v).
# Usage: bench/git-history.sh [REPO] (default /root/.pyenv; if it has under 1000 commits, a generated
# repository of 10k commits in bench/out/ is used instead).
#   PULL_REFS=50000 bench/git-history.sh REPO   scans a copy of REPO's mirror with that many extra
#                                               refs/pull/N/head refs on random commits (a GitHub mirror)
#   KEYHOUND=/other/checkout/keyhound           compares another build (a "before") on the same data
#   ROUNDS=15 bench/git-history.sh REPO         runs git log -p and the default scan 15 times, alternating,
#                                               and prints their medians (one run each by default: on a
#                                               mid-size history one run's ratio varies by several percent),
#                                               and the ratio round by round: its median, its middle half,
#                                               and in how many rounds keyhound was faster
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
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
if [ -n "${PULL_REFS:-}" ]; then
  copy="$root/bench/out/$(basename "$repo" .git)-${PULL_REFS}refs.git"
  if [ ! -d "$copy" ]; then
    mkdir -p "$root/bench/out"
    git clone -q --mirror "$repo" "$copy"
    git -C "$copy" rev-list --all | python3 -c '
import random, sys
random.seed(7)
commits = sys.stdin.read().split()
for i in range(int(sys.argv[1])):
    print(f"create refs/pull/{1000000 + i}/head {random.choice(commits)}")' "$PULL_REFS" \
      | git -C "$copy" update-ref --stdin
    git -C "$copy" pack-refs --all
  fi
  repo="$copy"
fi
kh="${KEYHOUND:-$root/keyhound}"
refs=$(git -C "$repo" for-each-ref | wc -l)
"$kh" --version >/dev/null   # build first, outside the timings
# The first scan after a build records the launcher's class-data archive for scan; later scans map it.
"$kh" scan --no-worktree --quiet --format json "$root" >/dev/null 2>&1 || true
measure() { # measure OUT CMD...: runs CMD with stdout to OUT; prints "wall cpu rss_kb exit" (cpu = user + sys)
  local out="$1"; shift
  local tf; tf="$(mktemp)"
  local rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >"$out" 2>>"$root/bench/out/git-history.err" || rc=$?
  awk -v rc="$rc" '/^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$/ {print $1, $2 + $3, $4, rc}' "$tf"; rm -f "$tf"
}
mkdir -p "$root/bench/out"; : >"$root/bench/out/git-history.err"
all_bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objectsize)' | awk '{s+=$1} END {print s}')
blob_bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
  | awk '$1=="blob" {s+=$2} END {print s}')
git -C "$repo" cat-file --batch-all-objects --batch >/dev/null   # warm the page cache for everyone
read -r w_cat c_cat m_cat _ < <(measure /dev/null git -C "$repo" cat-file --batch-all-objects --batch)
logp_bytes=$(git -C "$repo" log -p --all | wc -c)
json="$(mktemp)"
# git log -p and keyhound's default scan, alternating ROUNDS times: the medians of wall and CPU, the largest RSS.
medians() { # lines of "wall cpu rss_kb exit" -> "median_wall median_cpu max_rss last_exit"
  python3 -c 'import statistics, sys
rows = [[float(v) for v in l.split()] for l in sys.stdin if l.strip()]
print(statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows), max(r[2] for r in rows), int(rows[-1][3]))'
}
log_runs=""
kh_runs=""
for ((r = 0; r < ${ROUNDS:-1}; r++)); do
  log_runs+="$(measure /dev/null git -C "$repo" log -p --all)"$'\n'
  kh_runs+="$(measure "$json" "$kh" scan --no-worktree --quiet --format json "$repo")"$'\n'
done
read -r w_log c_log m_log _ < <(printf '%s' "$log_runs" | medians)
read -r w_kh c_kh m_kh x_kh < <(printf '%s' "$kh_runs" | medians)
# Round by round (each keyhound run beside the git log -p run just before it): whether a median ratio near 1 is
# a tie or a lead that the machine's drift from one round to the next would hide.
paired="$(LOG_RUNS="$log_runs" KH_RUNS="$kh_runs" python3 -c 'import os, statistics
walls = lambda v: [float(l.split()[0]) for l in os.environ[v].splitlines() if l.strip()]
r = [k / g for g, k in zip(walls("LOG_RUNS"), walls("KH_RUNS"))]
if len(r) > 1:
    q = statistics.quantiles(r, n=4) if len(r) > 2 else sorted(r)
    print(f"per round, keyhound / git log -p --all wall: median {statistics.median(r):.3f}x, middle half"
          f" {q[0]:.3f}-{q[-1]:.3f}x; keyhound faster in {sum(x < 1 for x in r)} of {len(r)} rounds")')"
# The same scan with the JVM's default compiler thresholds and GC (G1) instead of the launcher's (C2 only for
# the hottest methods, serial GC): on 2 busy cores C2's compile work costs more than it returns in a short scan.
read -r w_c1 c_c1 m_c1 x_c1 < <(KEYHOUND_JAVA_OPTS="-XX:TieredStopAtLevel=4 -XX:-UseSerialGC -XX:+UseG1GC" \
  measure /dev/null "$kh" scan --no-worktree --quiet --format json "$repo")
read -r w_sm c_sm m_sm x_sm < <(KEYHOUND_JAVA_OPTS="-Xmx512m" \
  measure /dev/null "$kh" scan --no-worktree --quiet --format json "$repo")
# Without documents, archives and encoded values (plain text only): what reading and detection cost alone, so
# the difference to the row above is what extraction adds.
read -r w_nx c_nx m_nx x_nx < <(measure /dev/null "$kh" scan --no-worktree --no-extract --quiet --format json "$repo")
kh_bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scan"]["bytes_scanned"])' "$json" \
  2>/dev/null || echo 0)
rm -f "$json"
load=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$repo" "$commits" "$all_bytes" "$blob_bytes" "$logp_bytes" "$kh_bytes" "$load" "$(nproc)" "$refs" \
  "$w_cat $c_cat $m_cat 0" "$w_log $c_log $m_log 0" "$w_kh $c_kh $m_kh $x_kh" "$w_c1 $c_c1 $m_c1 $x_c1" \
  "$w_sm $c_sm $m_sm $x_sm" "$w_nx $c_nx $m_nx $x_nx" "${ROUNDS:-1}" <<'PY'
import sys
repo, commits = sys.argv[1], int(sys.argv[2])
allb, blobb, logb, khb = (int(x) for x in sys.argv[3:7])
load, cores, refs = sys.argv[7], sys.argv[8], sys.argv[9]
cat, log, kh, c1, small, noext = ([float(v) for v in a.split()] for a in sys.argv[10:16])
rounds = int(sys.argv[16])
mb = 1e6
print(f"repository: {repo} ({commits} commits, {refs} refs, {allb/mb:.1f} MB in all objects, {blobb/mb:.1f} MB in blobs)")
print(f"machine: {cores} cores, load average {load} (wall times stretch under load; CPU times less)")
if rounds > 1:
    print(f"git log -p --all and keyhound scan --no-worktree: medians of {rounds} alternating rounds")
print(f"{'reader':42} {'wall s':>7} {'cpu s':>7} {'MB':>7} {'MB/s':>7} {'wall x':>7} {'cpu x':>7} {'RSS MB':>7} {'exit':>4}")
rows = [("git cat-file --batch-all-objects --batch", cat, allb),
        ("git log -p --all", log, logb),
        ("keyhound scan --no-worktree", kh, khb),
        ("  same, JVM default flags (C2, G1)", c1, khb),
        ("  same, 512 MiB heap", small, khb),
        ("  same, --no-extract (plain text only)", noext, khb)]
for name, (w, c, rss, rc), b in rows:
    print(f"{name:42} {w:7.2f} {c:7.2f} {b/mb:7.1f} {b/mb/w:7.1f} {w/cat[0]:7.2f} {c/cat[1]:7.2f} {rss/1024:7.0f} {int(rc):>4}")
print(f"keyhound / git log -p --all: wall {kh[0]/log[0]:.2f}x, cpu {kh[1]/log[1]:.2f}x;"
      f" 512 MiB heap / default: wall {small[0]/kh[0]:.2f}x, cpu {small[1]/kh[1]:.2f}x;"
      f" --no-extract / git log -p --all: wall {noext[0]/log[0]:.2f}x")
PY
[ -z "$paired" ] || echo "$paired"
