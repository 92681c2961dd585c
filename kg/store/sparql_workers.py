"""Warm processes that answer SPARQL queries, each with the knowledge base kept open.

A query must run outside the server's process: pyoxigraph cannot be
interrupted, so the only way to stop a runaway query at the time limit is to
kill the process running it. A fresh child per query pays for that on every
query (a fork, then opening the store: about 100 ms, most of a loaded
server's CPU, see ``benchmarks/load.py``); these workers pay it once. A
worker opens the store on its first job and reopens it when a write has made
a new version; a worker whose query runs past the deadline is killed and a
new one started on demand. At most ``size`` workers run; a query that finds
them all busy waits for one, and its wait counts against its time limit.

Each worker's address space may grow by ``memory_mb`` beyond what it maps at
its start (RLIMIT_AS): a query that needs more (an ORDER BY over a cross
product) fails its allocation and the worker dies or reports it, and the query
is refused (``OutOfMemory``) instead of taking the machine's memory. Workers
run at a lower CPU priority than the server, so that queries running to their
time limit slow each other, not the server's other answers.
"""
from __future__ import annotations

import re
import signal
import threading
import time
from dataclasses import dataclass

NICE = 10  # the workers' CPU priority below the server's


@dataclass
class _Worker:
    proc: object
    conn: object


class Stopped(Exception):
    """No answer in time (or no worker free in time): the worker, if one ran the query, was killed."""


class Broken(Exception):
    """The worker died under the query (killed by the kernel, a crash in the engine)."""


class OutOfMemory(Exception):
    """The query needed more memory than a worker may have: the worker reported it, or died of it."""


# how a worker under an address-space cap dies of a failed allocation: the engine (Rust, C++) aborts
_MEMORY_DEATHS = (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, -signal.SIGKILL)


class Workers:
    def __init__(self, context, size: int = 4, memory_mb: int = 0):
        self._ctx = context
        self.size = size
        self.memory_mb = memory_mb
        self._idle: list[_Worker] = []
        self._running = 0  # started and not yet discarded, idle or busy
        self._cond = threading.Condition()

    def ask(self, job: tuple, timeout: float):
        """Send ``job`` (the arguments of ``serve_job``) to a free worker and return its reply; raises
        ``Stopped`` after ``timeout`` seconds (waiting for a worker included), ``OutOfMemory`` if the query
        needed more than the cap and ``Broken`` if the worker died of something else."""
        deadline = time.monotonic() + timeout
        worker = self._take(deadline)
        keep = False
        try:
            worker.conn.send(job)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not worker.conn.poll(remaining):
                raise Stopped()
            reply = worker.conn.recv()
            keep = True
        except (EOFError, OSError):
            worker.proc.join(1)
            if self.memory_mb > 0 and worker.proc.exitcode in _MEMORY_DEATHS:
                raise OutOfMemory() from None
            raise Broken() from None
        finally:
            self._give_back(worker, keep)
        if reply[0] == "memory":
            raise OutOfMemory()
        return reply

    def _take(self, deadline: float) -> _Worker:
        with self._cond:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.proc.is_alive():
                        return worker
                    self._discard(worker)
                if self._running < self.size:
                    self._running += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._cond.wait(remaining):
                    raise Stopped()
        try:
            return self._start()
        except BaseException:
            with self._cond:
                self._running -= 1
                self._cond.notify()
            raise

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(theirs, self.memory_mb), daemon=True)
        proc.start()
        theirs.close()
        return _Worker(proc, ours)

    def _give_back(self, worker: _Worker, keep: bool) -> None:
        with self._cond:
            if keep:
                self._idle.append(worker)
            else:
                self._discard(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker) -> None:
        """Kill and forget a worker (the caller holds the condition)."""
        self._running -= 1
        if worker.proc.is_alive():
            worker.proc.kill()
        worker.proc.join(1)
        worker.conn.close()


def _serve(conn, memory_mb: int = 0) -> None:
    """A worker's loop: one job at a time, the store kept open between jobs while it is current."""
    import os

    from extract.sandbox import cap_address_space

    os.environ["RUST_BACKTRACE"] = "0"  # an allocation that fails at the cap: one line in the log, not a trace
    _few_arenas()
    cap_address_space(memory_mb)
    os.nice(NICE)
    opened: tuple[str, object] | None = None  # (how it was opened, the store)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        open_store, query, form, out_fmt, row_limit = job
        try:
            key = repr(open_store)
            if opened is None or opened[0] != key or not _current(opened[1]):
                if opened is not None:
                    opened[1].close()
                opened = (key, open_store())
            body, truncated = opened[1].serialized_query(query, form, out_fmt, row_limit)
            reply = ("ok", body, truncated)
        except MemoryError:
            opened = None  # whatever it half-built goes with it
            reply = ("memory", "", False)
        except Exception as exc:  # the message of a parse or evaluation error, never a traceback
            reply = ("error", _message(exc), False)
        conn.send(reply)


def _message(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r"(/[\w.\-]+)+", "", text)  # no paths in a message
    return f"the query is not valid SPARQL or could not be evaluated: {text[:300]}"


def _few_arenas(n: int = 2) -> None:
    """At most ``n`` malloc arenas: glibc reserves 64 MB of address space for each thread that allocates (the
    store's engine runs several), which would spend the address-space cap on reservations, not on queries."""
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(-8, n)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _current(store) -> bool:
    """Whether an open store still shows the knowledge base's current version (a store that cannot tell
    is taken as current: a server backend always answers from its latest state)."""
    check = getattr(store, "is_current", None)
    return check() if check is not None else True
