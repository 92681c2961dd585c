"""The server's log: one handler on standard error, its lines rate-limited so that a flood cannot fill the disk.

A flood of bad requests, or of connections past the open-file limit, can make a server log the
same warning (with its traceback) hundreds of thousands of times a minute. Every record of every
logger (policykg's, uvicorn's, asyncio's) goes through one handler here, and ``RateLimit`` lets at
most ``per_minute`` lines a minute through, each kind of message (its logger and its text before
the arguments are filled in) at most a sixth of them, so that one repeated warning does not hide
a rare one. What is held back is counted; the next line written says how many were.
"""
from __future__ import annotations

import logging
import sys
import time


class Bucket:
    """A token bucket: ``capacity`` tokens, refilled at ``capacity`` a minute."""

    def __init__(self, capacity: float, clock=time.monotonic):
        self.capacity = max(1.0, capacity)
        self.tokens = self.capacity
        self.clock = clock
        self.last = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.capacity / 60.0)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class RateLimit(logging.Filter):
    """At most ``per_minute`` records a minute, at most a sixth of them of one kind; a record let through after
    some were held back carries their count."""

    MAX_KINDS = 1000  # kinds remembered; past it the buckets start again (their number stays bounded)

    def __init__(self, per_minute: int, clock=time.monotonic):
        super().__init__()
        self.per_minute = per_minute
        self.clock = clock
        self.total = Bucket(per_minute, clock)
        self.kinds: dict[tuple[str, str], Bucket] = {}
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if self.per_minute <= 0:
            return True
        key = (record.name, str(record.msg)[:200])
        bucket = self.kinds.get(key)
        if bucket is None:
            if len(self.kinds) >= self.MAX_KINDS:
                self.kinds.clear()
            bucket = self.kinds[key] = Bucket(self.per_minute / 6, self.clock)
        if not (bucket.take() and self.total.take()):
            self.held += 1
            return False
        if self.held:
            record.msg = f"[{self.held} log lines held back before this one] {record.msg}"
            self.held = 0
        return True


def install(per_minute: int, stream=None) -> logging.Handler:
    """Send every logger's records to one rate-limited handler on ``stream`` (standard error), replacing the
    handlers uvicorn and others may have set; warnings and worse only."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    handler.addFilter(RateLimit(per_minute))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            logger.removeHandler(old)
        logger.propagate = True
    return handler
