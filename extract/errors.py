"""Named extraction errors. The CLI and the HTTP API map them to a status once, at the edge."""
from __future__ import annotations


class ExtractError(Exception):
    """A document could not be turned into records. ``reason`` is one plain sentence."""

    code = "unreadable"

    def __init__(self, path: str, reason: str):
        reason = " ".join(str(reason).split())  # one line, whatever a library put in it
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(ExtractError):
    code = "unsupported-format"


class EmptyDocument(ExtractError):
    code = "empty"


class UnreadableDocument(ExtractError):
    """Binary noise, a truncated or damaged file, an undecodable encoding."""

    code = "unreadable"


class EncryptedDocument(ExtractError):
    code = "encrypted"


class NoTextLayer(ExtractError):
    """A scanned PDF: pages but no text to read."""

    code = "no-text"


class NotPolicyText(ExtractError):
    """Readable text, but not Chinese policy text (no Chinese to speak of)."""

    code = "not-policy-text"


class TooLarge(ExtractError):
    code = "too-large"


class ExtractTimeout(ExtractError):
    """Extraction stopped at its time limit (a build's ``extract_timeout``, an upload's child process)."""

    code = "timeout"
