#!/usr/bin/env bash
# Times every report writer over N synthetic findings (default 10000): best of three rounds, and file sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl reports -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
  -Dmdep.includeScope=test >/dev/null
cd reports
java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" dev.keyhound.reports.ReportBench "${1:-10000}"
