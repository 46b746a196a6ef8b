#!/usr/bin/env bash
# What a scan costs once the JVM is warm: runs `keyhound` ARGS... N times in one JVM (Main.run in a loop, the
# JVM's default compilers and the parallel collector, report discarded) and prints each run's wall and CPU time.
# A cold run (./keyhound, one JVM per scan) pays for the JIT compilers' work, code interpreted while they work,
# C1's code where C2's would be faster, and each library's first use; the last runs here pay none of that, which
# is what a resident process handed scans would cost.
# Usage: bench/warm-scan.sh [N=12] SCAN-ARGS...   e.g. bench/warm-scan.sh 12 scan --no-worktree /tmp/requests.git
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=12
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then n="$1"; shift; fi
[ $# -gt 0 ] || { echo "usage: bench/warm-scan.sh [N] scan ARGS..." >&2 && exit 2; }
"$root/keyhound" --version >/dev/null # builds the jar when it is missing or stale
jar="$root/cli/target/keyhound.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/Warm.java" <<'JAVA'
import com.sun.management.OperatingSystemMXBean;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

public class Warm {
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    String[] args = Arrays.copyOfRange(a, 1, a.length);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 1; i <= n; i++) {
      long cpu = os.getProcessCpuTime();
      long t = System.nanoTime();
      PrintWriter out = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream()));
      int code = dev.keyhound.cli.Main.run(args, out, new PrintWriter(System.err, true));
      out.flush();
      System.out.printf("run %2d: exit %d, wall %.3f s, cpu %.2f s%n",
          i, code, (System.nanoTime() - t) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }
  }
}
JAVA
javac -d "$work" -cp "$jar" "$work/Warm.java"
echo "keyhound $*, $n runs in one JVM ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))"
java -XX:+UseParallelGC -cp "$jar:$work" Warm "$n" "$@"
