"""Extract one uploaded file in a child process, within a time and a memory limit.

A server reads whatever staff upload: a PDF that inflates to gigabytes, a
text that sends a rule into a long backtrack. Extracting it in the server's
own process would let one file stall every other request (the event loop, a
worker thread held for minutes) or take the process down with it. Here the
file is read in a child forked from a forkserver (which has the extractor
imported already, so a child starts in tens of milliseconds): the child's
address space is capped, the parent waits at most ``timeout`` seconds and
kills it after. Whatever happens in the child comes back as an
``ExtractError`` naming the reason, never as a traceback.
"""
from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from .errors import ExtractError, ExtractTimeout, TooLarge, UnreadableDocument

PRELOAD = ("extract.pipeline",)


def context():
    """The forkserver context (shared with the SPARQL runner: one forkserver per server process)."""
    return mp.get_context("forkserver")


def extract_isolated(ontology_dir: Path, filename: str, data: bytes, max_bytes: int, timeout: float,
                     memory_mb: int):
    """The ``Document`` of ``data`` (named ``filename``), extracted in a child process; raises an
    ``ExtractError`` when the file is refused, takes longer than ``timeout`` s or more than ``memory_mb`` MB."""
    ctx = context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(ontology_dir), filename, data, max_bytes, memory_mb, child),
                       daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout if timeout > 0 else None):
            raise ExtractTimeout(filename, f"extraction took longer than {timeout:g} s and was stopped")
        status, payload = parent.recv()
    except EOFError:  # the child died: killed by the kernel at the memory cap, or crashed in a C reader
        raise TooLarge(filename, f"reading the file needed more than {memory_mb} MB of memory and was stopped") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return payload
    kind, reason = payload
    raise _ERRORS.get(kind, UnreadableDocument)(filename, reason)


def _child(ontology_dir: str, filename: str, data: bytes, max_bytes: int, memory_mb: int, conn) -> None:
    cap_address_space(memory_mb)
    try:
        from . import Resources, extract_file

        doc = extract_file(Path(filename), Resources.from_dir(ontology_dir), max_bytes=max_bytes, data=data,
                           name=filename)
        conn.send(("ok", doc))
    except ExtractError as exc:  # sent as (class, reason): an exception's own pickling loses the reason
        conn.send(("error", (type(exc).__name__, exc.reason)))
    except MemoryError:
        conn.send(("error", ("TooLarge", f"reading the file needed more than {memory_mb} MB of memory")))
    except RecursionError:
        conn.send(("error", ("UnreadableDocument", "the file is nested too deeply to read")))
    except Exception as exc:  # a reader failing on a damaged file: its kind, not its traceback
        conn.send(("error", ("UnreadableDocument", f"the file could not be read ({type(exc).__name__})")))
    finally:
        conn.close()


def cap_address_space(memory_mb: int) -> None:
    """Let this process's address space grow by at most ``memory_mb`` MB beyond what it has at the start
    (the preloaded libraries map a few hundred MB of their own)."""
    if memory_mb <= 0:
        return
    import resource

    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
    except OSError:
        current = 0
    limit = current + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _error_classes() -> dict[str, type]:
    from . import errors

    return {name: cls for name, cls in vars(errors).items() if isinstance(cls, type) and issubclass(cls, ExtractError)}


_ERRORS = _error_classes()
