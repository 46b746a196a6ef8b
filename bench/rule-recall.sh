#!/usr/bin/env bash
# Recall of the built-in rule pack against gitleaks' default configuration: for every gitleaks rule, samples
# drawn from its own regex plus its secrets in gitleaks' assignment templates, kept where gitleaks' config
# finds them; prints per rule how many the built-in pack finds, and the overall figures.
# Usage: bench/rule-recall.sh [--misses] [--seed N] [--rules REGEX (gitleaks rule ids to measure)]
# Set BUILTIN_TOML to a rule-pack TOML to measure it in the built-in pack's place (e.g. an older builtin.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q -pl scanner -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/target/bench-classpath.txt" -Dmdep.includeScope=test >&2
CP="scanner/target/classes:scanner/target/test-classes:$(cat target/bench-classpath.txt)"
exec java -cp "$CP" dev.keyhound.scanner.detect.RuleRecall "$@" ${BUILTIN_TOML:+--builtin-toml "$BUILTIN_TOML"}
