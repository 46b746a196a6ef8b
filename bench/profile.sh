#!/usr/bin/env bash
# Where one `keyhound scan` spends its CPU: the share of each thread, the hottest frames of the scan threads, and
# the methods those threads spent the most time *interpreting* (the JIT's warm-up), sampled by async-profiler
# (tools.profiler:async-profiler from Maven Central, fetched into ~/.m2 on first use). Unlike perf with a perf
# map, it names interpreted frames: perf reports them all as "Interpreter".
# Usage: [KEYHOUND=...] bench/profile.sh SCAN-ARGS...   e.g. bench/profile.sh --no-git /tmp/ds-corpus
#   PROFILE_INTERVAL=500us (sampling period), PROFILE_TOP=25 (rows per table).
# Runs the scan once unprofiled first, so that the class archive is recorded outside the profile, then once
# profiled (report discarded). Samples CPU time with perf_events where this user may (root, or
# kernel.perf_event_paranoid <= 1; it also sees kernel and JVM frames), else with a CPU-time timer. The stacks
# are kept in bench/out/profile-*.collapsed, one line per stack ("frame;frame;... count"): flame graph input.
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -gt 0 ] || { echo "usage: bench/profile.sh SCAN-ARGS... (e.g. --no-git DIR)" >&2 && exit 2; }
keyhound="${KEYHOUND:-$root/keyhound}"
version=4.1
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2)
fi
case "$(uname -m)" in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "bench/profile.sh: async-profiler has no library for $(uname -m)" >&2 && exit 2 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q -o "$jar" "$arch/libasyncProfiler.so" -d "$work"
event=itimer
if [ "$(id -u)" = 0 ] || [ "$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)" -le 1 ]; then
  event=cpu
fi
mkdir -p "$root/bench/out"
out="$root/bench/out/profile-$(date +%Y%m%d-%H%M%S).collapsed"
"$keyhound" scan --quiet "$@" >/dev/null 2>&1 || true
agent="-agentpath:$work/$arch/libasyncProfiler.so=start,event=$event,interval=${PROFILE_INTERVAL:-500us}"
agent+=",threads,ann,file=$out,collapsed"
KEYHOUND_JAVA_OPTS="${KEYHOUND_JAVA_OPTS:-} $agent" "$keyhound" scan --quiet --format json "$@" >/dev/null 2>&1 || true
[ -s "$out" ] || { echo "bench/profile.sh: the profiler wrote nothing (see $keyhound scan $*)" >&2 && exit 1; }
echo "profile: keyhound scan $* ($event every ${PROFILE_INTERVAL:-500us}); stacks in $out"
python3 - "$out" "${PROFILE_TOP:-25}" <<'EOF'
import collections, re, sys

path, top = sys.argv[1], int(sys.argv[2])
threads, leaf, interpreted, cold = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
scan = 0
for line in open(path):
    stack, count = line.rstrip("\n").rsplit(" ", 1)
    frames, count = stack.split(";"), int(count)
    thread = re.sub(r" tid=\d+\]$", "]", frames[0]).strip("[]")
    threads[thread] += count
    if not thread.startswith("keyhound-scan"):
        continue
    scan += count
    leaf[frames[-1]] += count
    # ann (async-profiler's FrameName): _[j] JIT-compiled (C2), _[1] C1-compiled, _[i] inlined into the
    # compiled frame below it, _[0] interpreted, _[k] kernel
    java = [f for f in frames if re.search(r"_\[[ij01]\]$", f)]
    if java and java[-1].endswith("_[0]"):
        interpreted[java[-1][:-4]] += count
        # Interpreted time is mostly cold code spread thin: charge it to the nearest keyhound method
        # on the stack, which tells what the scan was doing (judging a candidate, reading an archive).
        ours = [f for f in frames if f.startswith("dev/keyhound/")]
        cold[re.sub(r"_\[.\]$", "", ours[-1]) if ours else "(no keyhound frame)"] += count
total = sum(threads.values())
print("\nCPU by thread (%d samples)" % total)
for name, n in threads.most_common(top):
    print("%6.1f%%  %s" % (100 * n / total, name))
if scan:
    print("\nscan threads, hottest frames (self; _[j] C2, _[1] C1, _[i] inlined, _[0] interpreted, _[k] kernel)")
    for name, n in leaf.most_common(top):
        print("%6.1f%%  %s" % (100 * n / scan, name))
    print("\nscan threads, interpreted: %.1f%% of their samples; by method" % (100 * sum(interpreted.values()) / scan))
    for name, n in interpreted.most_common(top):
        print("%6.1f%%  %s" % (100 * n / scan, name))
    print("\nscan threads, interpreted, by the nearest keyhound method on the stack")
    for name, n in cold.most_common(top):
        print("%6.1f%%  %s" % (100 * n / scan, name))
EOF
