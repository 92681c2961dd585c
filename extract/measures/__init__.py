"""Cutting a document into measures and reading each one's agencies, deadlines and targets.

A measure is the unit a document assigns: a numbered item carrying one agency attribution, a table
row, or an action sentence inside a long paragraph. ``builder`` walks the blocks, ``prose`` reads
paragraphs, ``tables`` reads rows, ``brackets`` finds attributions in text, ``assemble`` makes the
records. The patterns are data: ``rules/measures.toml`` and ``rules/roles.toml``.
"""
from .builder import MeasureBuilder
from .context import DocContext, Unit

__all__ = ["DocContext", "MeasureBuilder", "Unit"]
