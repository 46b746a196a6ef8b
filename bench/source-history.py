#!/usr/bin/env python3
"""Writes a git fast-import stream of a long history of REAL source files: the first commit adds every text file
under DIR, then each of COMMITS commits edits EDITS of them (a few lines duplicated, moved or deleted) and writes
them whole, as a developer's commits do. Unlike synth-history.py (random words), the blobs are real code, so a
scan of it runs the detector, the decoder and the JIT on the same kind of text as a real project's history.
Deterministic (seeded). Blob bytes ~= size of DIR + COMMITS * EDITS * mean file size.

  python3 bench/source-history.py /tmp/ds-corpus 6000 9 | (git init -q --bare /tmp/big.git && git -C /tmp/big.git fast-import --quiet)

DOCS (a fourth argument, optional) is a folder of documents (PDF, Office, OpenDocument, RTF, e-mail): the first
commit adds each at docs/NAME, and about every COMMITS/40th commit one of them gets a new version, another
document of the pool with the same extension, as a project's specification or spreadsheet is updated now and
then.
"""
import os
import random
import sys

from fastimport import commit_header

root = sys.argv[1]
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
edits = int(sys.argv[3]) if len(sys.argv) > 3 else 9
rng = random.Random(42)
files = {}
for d, subdirs, names in os.walk(root):
    subdirs.sort()
    for n in sorted(names):
        p = os.path.join(d, n)
        if os.path.islink(p) or not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        if b"\0" in data[:8000] or not data:
            continue
        files[os.path.relpath(p, root)] = data.splitlines(keepends=True) or [data]
paths = sorted(files)
out = sys.stdout.buffer
docs = {}  # path in the history -> its current bytes
pool = {}  # extension -> the pool's documents, in name order
if len(sys.argv) > 4:
    for n in sorted(os.listdir(sys.argv[4])):
        p = os.path.join(sys.argv[4], n)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                data = f.read()
            docs[f"docs/{n}"] = data
            pool.setdefault(os.path.splitext(n)[1].lower(), []).append(data)
doc_every = max(1, commits // 40)


def document(path, data):
    out.write(f"M 100644 inline {path}\n".encode())
    out.write(b"data %d\n%s\n" % (len(data), data))


def blob(path):
    data = b"".join(files[path])
    out.write(f"M 100644 inline {path}\n".encode())
    out.write(b"data %d\n%s\n" % (len(data), data))


commit_header(out, 0, 1)
for p in paths:
    blob(p)
for p, data in docs.items():
    document(p, data)
out.write(b"\n")
for i in range(1, commits + 1):
    commit_header(out, i, i + 1)
    for p in rng.sample(paths, edits):
        lines = files[p]
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            if r < 0.5 or len(lines) < 4:
                lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
            elif r < 0.8:
                lines.insert(rng.randrange(len(lines)), lines.pop(rng.randrange(len(lines))))
            else:
                del lines[rng.randrange(len(lines))]
        blob(p)
    if docs and i % doc_every == 0:
        p = rng.choice(sorted(docs))
        others = [d for d in pool[os.path.splitext(p)[1].lower()] if d != docs[p]]
        if others:
            docs[p] = rng.choice(others)
            document(p, docs[p])
    out.write(b"\n")
