#!/usr/bin/env bash
# Recall and precision of the built-in rule pack on labeled fixture suites, such as other scanners' public test
# fixtures (kept outside this repository: their licences do not let us copy them in).
#
# Usage: bench/fixture-suite.sh [--misses] DIR
#        KEYHOUND=/path/to/other/keyhound bench/fixture-suite.sh DIR   # measure another build (e.g. /work/baseline)
#
# DIR holds one directory per suite; each suite holds `positives/TYPE.txt` (true credentials of credential type
# TYPE) and `negatives/TYPE.txt` (known non-secrets: placeholders, near misses, identifiers), and may hold other
# directories (e.g. `excluded/`, cases set aside with the reason) that are not read. A TYPE file holds one or more
# cases separated by lines that start with `%%` (the rest of such a line is a free note). Each case is written
# to a file of its own, as the fixture has it (surrounding code included), and scanned as that file's whole
# text; a case whose first line is `@file: NAME` is written to a file named NAME (for rules that depend on the
# file name, e.g. `.npmrc`), without that line.
#
# Prints per suite and per type: positive cases, those with at least one finding (any rule), recall; negative
# cases, those with any finding, the share flagged; then a total per suite and a SUMMARY line. With --misses,
# also each missed positive and each flagged negative (case file, its first line, the rules that fired).
set -euo pipefail
# A scan that finds no class-data archive records it during the run (as before 2026-11-30), not after it in the
# background, where it would run beside the timed scans.
export KEYHOUND_ARCHIVE="${KEYHOUND_ARCHIVE:-now}"
cd "$(dirname "$0")/.."
misses=0
if [ "${1:-}" = --misses ]; then misses=1; shift; fi
DIR="${1:?usage: bench/fixture-suite.sh [--misses] DIR}"
[ -d "$DIR" ] || { echo "fixture-suite: not a directory: $DIR" >&2; exit 2; }
KEYHOUND="${KEYHOUND:-$PWD/keyhound}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$DIR" "$WORK/cases" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for suite in sorted(os.listdir(src)):
    for kind in ("positives", "negatives"):
        d = os.path.join(src, suite, kind)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            text = open(os.path.join(d, name), encoding="utf-8", errors="surrogateescape").read()
            cases, cur = [], []
            for line in text.split("\n"):
                if line.startswith("%%"):
                    cases.append(cur)
                    cur = []
                else:
                    cur.append(line)
            cases.append(cur)
            n = 0
            for lines in cases:
                while lines and lines[-1] == "":
                    lines.pop()
                if not any(l.strip() for l in lines):
                    continue
                n += 1
                fname = "case.txt"
                if lines[0].startswith("@file:"):
                    fname = lines[0][len("@file:"):].strip()
                    lines = lines[1:]
                out = os.path.join(dst, suite, kind, name[:-4], str(n))
                os.makedirs(out, exist_ok=True)
                with open(os.path.join(out, fname), "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write("\n".join(lines) + "\n")
PY

[ -d "$WORK/cases" ] || { echo "fixture-suite: no positives/ or negatives/ under $DIR" >&2; exit 2; }
"$KEYHOUND" scan --quiet --no-git --format json "$WORK/cases" >"$WORK/report.json" 2>"$WORK/stderr.txt" || true
python3 - "$WORK/cases" "$WORK/report.json" "$misses" <<'PY'
import json, os, sys
from collections import defaultdict
root, report, show = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
try:
    findings = json.load(open(report))["findings"]
except Exception as e:
    sys.exit(f"fixture-suite: keyhound gave no JSON report ({e})")
hits = defaultdict(set)  # case dir (suite/kind/type/n) -> rule ids
for f in findings:
    for o in f["occurrences"]:
        parts = o["path"].split("/")
        hits["/".join(parts[:4])].add(f["rule_id"])
rows = defaultdict(lambda: [0, 0, 0, 0])  # (suite, type) -> pos, found, neg, flagged
lost = []
for suite in sorted(os.listdir(root)):
    for kind in ("positives", "negatives"):
        kd = os.path.join(root, suite, kind)
        if not os.path.isdir(kd):
            continue
        for typ in sorted(os.listdir(kd)):
            for n in sorted(os.listdir(os.path.join(kd, typ)), key=int):
                key = f"{suite}/{kind}/{typ}/{n}"
                row = rows[(suite, typ)]
                fired = hits.get(key, set())
                if kind == "positives":
                    row[0] += 1
                    row[1] += bool(fired)
                    bad = not fired
                else:
                    row[2] += 1
                    row[3] += bool(fired)
                    bad = bool(fired)
                if bad:
                    cdir = os.path.join(kd, typ, n)
                    first = next((l.strip() for l in open(os.path.join(cdir, os.listdir(cdir)[0]),
                                 errors="replace") if l.strip()), "")
                    lost.append((key, first[:110], sorted(fired)))
pct = lambda a, b: f"{100.0 * a / b:6.1f}%" if b else "     - "
print(f"{'suite':<14} {'type':<18} {'pos':>5} {'found':>5} {'recall':>7}   {'neg':>5} {'flag':>5} {'flagged':>7}")
summary = []
for suite in sorted({s for s, _ in rows}):
    tot = [0, 0, 0, 0]
    for (s, typ), r in sorted(rows.items()):
        if s != suite:
            continue
        tot = [a + b for a, b in zip(tot, r)]
        print(f"{suite:<14} {typ:<18} {r[0]:>5} {r[1]:>5} {pct(r[1], r[0])}   {r[2]:>5} {r[3]:>5} {pct(r[3], r[2])}")
    print(f"{suite:<14} {'ALL':<18} {tot[0]:>5} {tot[1]:>5} {pct(tot[1], tot[0])}   {tot[2]:>5} {tot[3]:>5} {pct(tot[3], tot[2])}")
    summary.append(f"{suite}: recall {tot[1]}/{tot[0]} {pct(tot[1], tot[0]).strip()}, "
                   f"negatives flagged {tot[3]}/{tot[2]} {pct(tot[3], tot[2]).strip()}")
if show and lost:
    print("\nmissed positives and flagged negatives:")
    for key, first, fired in lost:
        print(f"  {key:<40} {' '.join(fired) or '-':<28} {first}")
print("SUMMARY " + "; ".join(summary))
PY
