"""PDFs written byte by byte for tests: pages given as content streams, one font as /F1.

No PDF library writes them, so what the reader meets is exactly what the test says: the text operators,
the lines, the font. Helvetica needs no font file; Adobe's STSong-Light with the UniGB-UTF16-H encoding
is a CJK font every PDF reader knows without embedding, its text written as UTF-16.
"""
from __future__ import annotations

HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
STSONG = ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
          "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
          "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>")


def write_pdf(pages: list[str], font: str = HELVETICA, width: int = 595, height: int = 842) -> bytes:
    """A PDF whose pages have these content streams, with ``font`` as /F1."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, font]
    kids = []
    for content in pages:
        stream = content.encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{content}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
