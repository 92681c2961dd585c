"""Readers for binary and markup formats: each returns the document's text."""
