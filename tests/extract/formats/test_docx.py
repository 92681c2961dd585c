"""extract/formats/docx.py: Word files built here with python-docx, read back exactly."""
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extract.errors import EncryptedDocument, UnreadableDocument
from extract.formats.docx import read_docx


def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_paragraphs_and_a_table_with_merged_cells():
    d = docx.Document()
    d.add_paragraph("重点工作任务分解表")
    table = d.add_table(rows=3, cols=3)
    for c, text in enumerate(["序号", "任务", "责任单位"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "推进钢铁企业超低排放改造"
    table.cell(1, 2).text = "市生态环境局"
    table.cell(1, 2).merge(table.cell(2, 2))  # merged down: an empty cell below
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "淘汰燃煤锅炉"
    d.add_paragraph("（此件公开发布）")
    assert read_docx(_save(d), "t.docx") == (
        "重点工作任务分解表\n"
        "\t序号\n\t任务\n\t责任单位\n\n"
        "\t1\n\t推进钢铁企业超低排放改造\n\t市生态环境局\n\n"
        "\t2\n\t淘汰燃煤锅炉\n\t\n\n"
        "（此件公开发布）"
    )


def test_cell_merged_across_columns_is_one_cell():
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "一、大气污染防治"
    for c, text in enumerate(["1", "任务", "市交通局"]):
        table.cell(1, c).text = text
    assert read_docx(_save(d), "t.docx") == "\t一、大气污染防治\n\n\t1\n\t任务\n\t市交通局\n"


def test_text_python_docx_skips_is_kept_and_deleted_text_is_not():
    d = docx.Document()
    p = d.add_paragraph("到2025年，")
    # a tracked insertion, a tracked deletion, a hyperlink and a field instruction
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>完成</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>不</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:t>治理任务</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    p.add_run("。")
    d.add_paragraph("第一行").add_run().add_break()
    d.paragraphs[-1].add_run("第二行")
    assert read_docx(_save(d), "t.docx") == "到2025年，完成治理任务。\n第一行\n第二行"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data,error,reason", [
    (_zip({"readme.txt": b"hello"}), UnreadableDocument, "not a Word document (a zip without word/document.xml)"),
    (_zip({"xl/workbook.xml": b"<x/>"}), UnreadableDocument, "not a Word document (an Excel workbook)"),
    (_zip({"EncryptedPackage": b"\0" * 16}), EncryptedDocument, "the Word file is encrypted with a password"),
    (_zip({"word/document.xml": b"<w:document"}), UnreadableDocument, "damaged Word document"),
    (b"PK\x03\x04" + b"\0" * 40, UnreadableDocument, "damaged .docx (not a valid zip archive)"),
])
def test_bad_word_files(data, error, reason):
    with pytest.raises(error) as info:
        read_docx(data, "bad.docx")
    assert type(info.value) is error
    assert info.value.reason.startswith(reason)


def test_a_text_saved_as_word_keeps_its_tab_indented_lines():
    """LibreOffice saving a .txt as .docx keeps each line's leading tab (a table's cell lines)."""
    d = docx.Document()
    for line in ["附件", "\t1", "\t", "\t任务", "", "  \t2", "   缩进的正文"]:
        d.add_paragraph(line)
    assert read_docx(_save(d), "t.docx") == "附件\n\t1\n\t\n\t任务\n\n\t2\n缩进的正文"
