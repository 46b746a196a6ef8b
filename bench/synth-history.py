#!/usr/bin/env python3
"""Writes a git fast-import stream of a synthetic long history: N commits over F files that grow and change,
with a few branches merged back, so history scanners have realistic deltas to read. Deterministic (seeded)."""
import random
import sys

from fastimport import commit_header

commits = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
files = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rng = random.Random(42)
words = "alpha beta gamma delta epsilon config value token user request handler cache retry timeout".split()
content = {f"src/mod{i % 20}/file{i}.py": [f"# file {i}\n"] for i in range(files)}
out = sys.stdout.buffer
mark = 0


def line():
    return " ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) + f" = {rng.randint(0, 10**6)}\n"


for i in range(commits):
    mark += 1
    commit_header(out, i, mark)
    for path in rng.sample(sorted(content), rng.randint(1, 3)):
        lines = content[path]
        for _ in range(rng.randint(1, 4)):
            if len(lines) > 3 and rng.random() < 0.5:
                lines[rng.randrange(1, len(lines))] = line()
            else:
                lines.insert(rng.randrange(1, len(lines) + 1), line())
        if len(lines) > 400:
            del lines[1:100]
        data = "".join(lines).encode()
        out.write(f"M 100644 inline {path}\n".encode())
        out.write(b"data %d\n%s\n" % (len(data), data))
    out.write(b"\n")
