"""policykg.extract: Chinese policy documents to typed records (measures, agencies, deadlines, targets).

Knows nothing of RDF or HTTP. Entry points: ``extract_file``, ``extract_text``,
``to_contract`` (the JSON of ``policykg extract --json``).
"""
from .errors import ExtractError
from .pipeline import Resources, extract_file, extract_text, to_contract
from .records import AgencyRef, Deadline, Document, DocumentMeta, Measure, Segment, Target

__all__ = [
    "ExtractError",
    "Resources",
    "extract_file",
    "extract_text",
    "to_contract",
    "AgencyRef",
    "Deadline",
    "Document",
    "DocumentMeta",
    "Measure",
    "Segment",
    "Target",
]
