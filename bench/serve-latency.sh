#!/usr/bin/env bash
# keyhound serve against dev-issuer on loopback: the time from a verified GitHub alert to the key confirmed dead
# (median over N alerts, default 100), and the takeover time after a serve is killed with SIGKILL.
# Needs python3 and openssl. Usage: bench/serve-latency.sh [ALERTS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/keyhound" --version >/dev/null   # builds the jar if needed
echo "$(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/serve-bench.py" "$root/cli/target/keyhound.jar" alerts "${1:-100}"
python3 "$root/bench/serve-bench.py" "$root/cli/target/keyhound.jar" takeover
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
