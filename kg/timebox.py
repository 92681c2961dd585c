"""A piece of work's allowance of time, and a switch to stop it early.

Long reads (an export, the graph view catching up with the store) take a
``Timebox`` and call ``check()`` between steps: past its seconds it raises
``TimeUp``, and once ``cancel()`` was called (from another thread: the HTTP
client went away) it raises ``Cancelled``. Nothing is interrupted in the
middle of a step, so whatever the work keeps (a file, a table) stays whole.
"""
from __future__ import annotations

import threading
import time

from .store import StoreError


class TimeUp(StoreError):
    """The work took longer than it was allowed."""

    http_status = 503
    code = "timeout"


class Cancelled(StoreError):
    """The work was stopped because nobody waits for it any more."""

    http_status = 499  # nginx's "client closed request": the client is gone and never reads it
    code = "cancelled"


class Timebox:
    def __init__(self, seconds: float = 0.0, what: str = "the work"):
        """``seconds`` ≤ 0: no time limit (it can still be cancelled)."""
        self.seconds = float(seconds)
        self.what = what
        self._deadline = time.monotonic() + self.seconds if self.seconds > 0 else None
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise Cancelled(f"{self.what} was stopped: the client went away")
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise TimeUp(f"{self.what} took longer than the {self.seconds:g} s it may take")

