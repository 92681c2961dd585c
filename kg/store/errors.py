"""The errors of a knowledge base's store, whichever backend holds it (named, so the CLI and the API report
them in one shape)."""
from __future__ import annotations


class StoreError(Exception):
    """A knowledge-base store failure (named, so the CLI and API can report it in one shape)."""


class KBLocked(StoreError):
    pass


class KBCorrupt(StoreError):
    pass
