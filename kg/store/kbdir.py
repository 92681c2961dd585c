"""The knowledge-base directory's own files: the writers' lock and atomically replaced metadata.

These serve every store backend: with a SPARQL server (issue 11) the
directory still holds what is local (the search index, settings) and the
same lock keeps two local writers apart.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


@contextmanager
def write_lock(path: Path, timeout: float, error=TimeoutError):
    """Hold the exclusive lock of ``path`` (flock): wait up to ``timeout`` seconds, then raise ``error``
    naming the holder (its pid and since when, written into the lock file)."""
    fh = open(path, "a+")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                fh.close()
                raise error(f"knowledge base {path.parent} is being written by {holder}; "
                            f"waited {timeout:g} s — try again when it has finished") from None
            time.sleep(0.1)
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}")
        fh.flush()
        yield
    finally:
        fh.seek(0)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` at once: a reader sees the old file or the new one, never half."""
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
