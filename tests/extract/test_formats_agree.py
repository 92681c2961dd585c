"""The same document as text, Word file, web page and PDF gives the same records.

The corpus documents are written out by scripts/make_format_variants.py (the
PDFs by LibreOffice, hence slow); each version must give as many measures as
the .txt, with the same lead agencies in the same order.
"""
import re
from pathlib import Path

import pytest

from extract import extract_file, extract_text
from extract.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "corpus").glob("*.txt"))


def summary(doc):
    return len(doc.measures), [tuple(a.name for a in m.lead) for m in doc.measures]


@pytest.fixture(scope="session")
def texts(resources):
    return {p.name: summary(extract_file(p, resources)) for p in DOCS}


@pytest.fixture(scope="session")
def texts_without_furniture(resources):
    """What a web page gives: the text less its lines of site furniture (002 ends in 打印本页 关闭窗口)."""
    furniture = [re.compile(p) for p in load_rules("html")["furniture_lines"]]
    out = {}
    for p in DOCS:
        lines = [ln for ln in p.read_text(encoding="utf-8").split("\n")
                 if ln.startswith("\t") or not any(f.search(ln) for f in furniture)]
        out[p.name] = summary(extract_text("\n".join(lines), p.name, resources))
    return out


@pytest.fixture(scope="session")
def written(tmp_path_factory, variants):
    """Word and web versions of the corpus (fast: no office suite)."""
    out = tmp_path_factory.mktemp("variants")
    for p in DOCS:
        blocks = variants.parse(p.read_text(encoding="utf-8"))
        variants.write_docx(blocks, out / f"{p.stem}.docx")
        variants.write_html(blocks, out / f"{p.stem}.html", p.name, "2024-10-26")
    return out


@pytest.fixture(scope="session")
def printed(tmp_path_factory, written, variants, soffice):
    out = tmp_path_factory.mktemp("pdf")
    variants.soffice_pdf(sorted(written.glob("*.docx")), out)
    return out


@pytest.mark.parametrize("doc", [p.name for p in DOCS])
def test_word_version_agrees(doc, texts, written, resources):
    assert summary(extract_file(written / Path(doc).with_suffix(".docx").name, resources)) == texts[doc]


@pytest.mark.parametrize("doc", [p.name for p in DOCS])
def test_web_version_agrees(doc, texts_without_furniture, written, resources):
    got = summary(extract_file(written / Path(doc).with_suffix(".html").name, resources))
    assert got == texts_without_furniture[doc]


@pytest.mark.slow
@pytest.mark.parametrize("doc", [p.name for p in DOCS])
def test_pdf_version_agrees(doc, texts, printed, resources):
    assert summary(extract_file(printed / Path(doc).with_suffix(".pdf").name, resources)) == texts[doc]
