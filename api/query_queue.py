"""SPARQL queries waiting for a worker, without holding a thread while they wait.

A query runs in one of ``sparql_workers`` worker processes (``kg/store/sparql_workers.py``); the thread
that hands it over blocks until the answer comes. Were queries sent from the server's shared
thread pool, sixty slow ones would hold forty threads and ``/healthz``, search and the page would
wait behind them. Here a query first waits, on the event loop, for one of ``sparql_workers``
places (a ``CapacityLimiter``), and only then takes a thread, from a limiter of its own: the
shared pool never holds more than ``sparql_workers`` SPARQL threads. At most ``sparql_queue``
queries wait; one more is refused at once with 503 ``busy``. The wait counts against the query's
time limit.
"""
from __future__ import annotations

import time

import anyio
import anyio.to_thread

from .errors import Unavailable


class QueryQueue:
    def __init__(self, workers: int, waiting: int):
        self.workers = max(1, workers)
        self.waiting = max(0, waiting)
        self.places = anyio.CapacityLimiter(self.workers)
        self.threads = anyio.CapacityLimiter(self.workers)  # never waited on: a place is held first
        self.pending = 0  # waiting or running

    async def run(self, fn, timeout: float, on_timeout: Exception):
        """``fn(seconds_left)`` in a thread once a place is free; ``on_timeout`` raised if none is free within
        ``timeout`` seconds; ``Unavailable`` at once if ``waiting`` queries wait already."""
        if self.pending >= self.workers + self.waiting:
            raise Unavailable("too many SPARQL queries are waiting for a worker; try again shortly", code="busy")
        deadline = time.monotonic() + timeout
        self.pending += 1
        try:
            placed = False
            with anyio.move_on_after(timeout):
                await self.places.acquire()
                placed = True
            if not placed:
                raise on_timeout
            try:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise on_timeout
                return await anyio.to_thread.run_sync(fn, left, limiter=self.threads)
            finally:
                self.places.release()
        finally:
            self.pending -= 1

