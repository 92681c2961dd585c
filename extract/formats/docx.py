"""Word (.docx) to text with python-docx: paragraphs and tables in document order."""
from __future__ import annotations

import io
import zipfile

from ..errors import EncryptedDocument, UnreadableDocument


def read_docx(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise UnreadableDocument(name, "damaged .docx (not a valid zip archive)") from None
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise EncryptedDocument(name, "the Word file is encrypted with a password")
        raise UnreadableDocument(name, "not a Word document (a zip without word/document.xml)")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise UnreadableDocument(name, f"damaged Word document ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", " ").strip())
                lines.append("\t" + "\t".join(cells))
    return "\n".join(lines)
