#!/usr/bin/env bash
# Detection throughput (MB/s per core, single-threaded) of the naive and fast detectors, for the built-in
# rule pack and gitleaks' default configuration, over real git history blobs and JDK sources.
# Usage: bench/detect-throughput.sh [MB per corpus, default 20] [git repo, default /root/.pyenv] [timed runs, default 3]
# Set BUILTIN_TOML to a rule-pack TOML to benchmark it in the built-in pack's place.
# Set BENCH_JAVA_OPTS to JVM options added after the fixed ones (word-split), for example
# BENCH_JAVA_OPTS=-XX:TieredStopAtLevel=1 to measure C1 alone, as scans under 400 MiB run
# (cli/src/jvm/scan-size.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-20}"
REPO="${2:-/root/.pyenv}"
RUNS="${3:-3}"
mkdir -p target
mvn -B -q -pl scanner -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench-classpath.txt" -Dmdep.includeScope=test >&2
CP="scanner/target/classes:scanner/target/test-classes:$(cat target/bench-classpath.txt)"
exec java -Xms2g -Xmx4g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  dev.keyhound.scanner.detect.DetectThroughput --mb "$MB" --git "$REPO" --runs "$RUNS" \
  ${BUILTIN_TOML:+--builtin-toml "$BUILTIN_TOML"}
