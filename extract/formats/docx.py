"""Word (.docx) to text: paragraphs and tables of the main document part, in order.

The WordprocessingML is read with lxml straight from the zip, so text that
python-docx's paragraph API skips is kept: runs inside tracked insertions,
content controls, smart tags, simple fields and hyperlinks. Deleted text,
field instructions and the fallback copy of a text box are left out; a text
box's paragraphs come before the paragraph that anchors it. Tables take the
shape of ``table.py``: a cell merged across columns is one cell, a cell merged
down leaves empty cells below it.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from ..errors import EncryptedDocument, TooLarge, UnreadableDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_XML_BYTES = 256 * 1024 * 1024
_MAIN = re.compile(r'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"')


def read_docx(data: bytes, name: str) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UnreadableDocument(name, "damaged .docx (not a valid zip archive)") from None
    part = _main_part(zf, names)
    if part is None:
        if "EncryptedPackage" in names:
            raise EncryptedDocument(name, "the Word file is encrypted with a password")
        kind = _zip_kind(names)
        raise UnreadableDocument(name, f"not a Word document ({kind})")
    info = zf.getinfo(part)
    if info.file_size > MAX_XML_BYTES:
        raise TooLarge(name, f"the Word document's text part is {info.file_size / 1048576:.0f} MB")
    try:
        xml = zf.read(part)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableDocument(name, f"damaged .docx ({type(exc).__name__} reading {part})") from None
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(name, f"damaged Word document ({exc.msg})") from None
    ns = W if root.tag.startswith("{" + W + "}") else W_STRICT
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise UnreadableDocument(name, "damaged Word document (no body)")
    return "\n".join(_Reader(ns).blocks(body))


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    if "_rels/.rels" in names:
        try:
            rels = zf.read("_rels/.rels").decode("utf-8", "replace")
        except Exception:
            rels = ""
        m = _MAIN.search(rels)
        if m:
            target = posixpath.normpath((m.group(1) or m.group(2)).lstrip("/"))
            if target in names and target.endswith(".xml"):
                return target
    return "word/document.xml" if "word/document.xml" in names else None


def _zip_kind(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "an Excel workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation"
    if "content.xml" in names and "mimetype" in names:
        return "an OpenDocument file"
    return "a zip without word/document.xml"


def _line(text: str) -> str:
    """A paragraph's text without the blank space around it, but for a leading tab: a
    line typed with a tab before it (a text file saved as Word) keeps one, as the text did."""
    stripped = text.strip()
    if text.lstrip(" \u3000").startswith("\t"):
        return "\t" + stripped  # a tab alone is an empty cell
    return stripped


class _Reader:
    def __init__(self, ns: str):
        self.w = "{" + ns + "}"

    def blocks(self, container) -> list[str]:
        """Lines of a body, cell, text box or content control, in order."""
        w = self.w
        out: list[str] = []
        for el in container:
            tag = el.tag
            if tag == w + "p":
                out.extend(self.boxes(el))
                out.append(_line(self.paragraph(el)))
            elif tag == w + "tbl":
                out.extend(self.table(el))
            elif tag in (w + "sdt", w + "customXml"):
                content = el.find(w + "sdtContent") if tag == w + "sdt" else el
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag == f"{{{MC}}}AlternateContent":
                choice = el.find(f"{{{MC}}}Choice")
                if choice is not None:
                    out.extend(self.blocks(choice))
        return out

    def paragraph(self, p) -> str:
        w = self.w
        parts: list[str] = []
        skip = {w + "delText", w + "instrText", w + "del", w + "moveFrom", w + "txbxContent",
                f"{{{MC}}}Fallback", w + "pPr", w + "rPr"}

        def walk(el):
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in skip:
                    continue
                if tag == w + "t":
                    parts.append(child.text or "")
                elif tag == w + "tab":
                    parts.append("\t")
                elif tag in (w + "br", w + "cr"):
                    parts.append("\n")
                elif tag == w + "noBreakHyphen":
                    parts.append("-")
                elif tag == w + "sym":
                    char = child.get(w + "char") or ""
                    try:
                        code = int(char, 16)
                    except ValueError:
                        continue
                    if code >= 0xF000:  # a symbol font's private code (Wingdings ticks and bullets)
                        continue
                    parts.append(chr(code))
                else:
                    walk(child)

        walk(p)
        return "".join(parts)

    def boxes(self, p) -> list[str]:
        """The paragraphs of text boxes anchored in a paragraph (DrawingML or VML, not both)."""
        w = self.w
        out: list[str] = []
        for box in p.iter(w + "txbxContent"):
            if any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors()):
                continue
            if any(a.tag == w + "txbxContent" for a in box.iterancestors()):
                continue
            out.extend(line for line in self.blocks(box) if line)
        return out

    def table(self, tbl) -> list[str]:
        from .table import table_text

        w = self.w
        rows: list[list[str]] = []
        for tr in self._rows(tbl):
            row: list[str] = []
            for tc in tr.iter(w + "tc"):
                if next((a for a in tc.iterancestors(w + "tr")), None) is not tr:
                    continue  # a cell of a table nested in this row
                pr = tc.find(w + "tcPr")
                vmerge = pr.find(w + "vMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(w + "val", "continue") == "continue":
                    row.append("")  # the lower part of a cell merged down
                    continue
                row.append("\n".join(line for line in self.blocks(tc) if line))
            rows.append(row)
        text = table_text(rows)
        return text.split("\n") if text else []

    def _rows(self, tbl):
        w = self.w
        for el in tbl:
            if el.tag == w + "tr":
                yield el
            elif el.tag in (w + "sdt", w + "customXml"):
                content = el.find(w + "sdtContent") if el.tag == w + "sdt" else el
                if content is not None:
                    yield from (r for r in content if r.tag == w + "tr")
