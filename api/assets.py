"""Where the web page's files are: ``api/static`` (the page, its scripts and styles, the vendored Cytoscape.js
and Swagger UI with their licences), served at ``/static`` and by the page routes."""
from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
