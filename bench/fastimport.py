"""What the history generators (synth-history.py, source-history.py) share: a commit's header in git's
fast-import format, on refs/heads/main, by one of seven authors, ten minutes after the one before."""


def commit_header(out, i, mark):
    """Writes commit i's header as mark `mark`, its parent the mark before (none for mark 1)."""
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{mark}\n".encode())
    t = 1600000000 + i * 600
    out.write(f"author Dev {i % 7} <dev{i % 7}@example.com> {t} +0000\n".encode())
    out.write(f"committer Dev {i % 7} <dev{i % 7}@example.com> {t} +0000\n".encode())
    msg = f"change {i}\n".encode()
    out.write(b"data %d\n%s" % (len(msg), msg))
    if mark > 1:
        out.write(f"from :{mark - 1}\n".encode())
