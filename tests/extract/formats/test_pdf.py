"""extract/formats/pdf.py: PDF files → text, through pypdf's runs and lines and layout.py.

The fast tests read PDFs written here byte by byte (Helvetica, no CJK font
needed); the slow ones read a PDF LibreOffice makes from a Word file with
Noto CJK fonts, built once per session.
"""
import re

import pytest

from extract.errors import NoTextLayer, UnreadableDocument
from extract.formats.pdf import read_pdf
from tests.pdfs import HELVETICA, write_pdf


def tiny_pdf(*pages: str, width: int = 595, height: int = 842) -> bytes:
    """A PDF whose pages have these content streams, with Helvetica as /F1."""
    return write_pdf(list(pages), HELVETICA, width, height)


def text(x: float, y: float, s: str, size: int = 11) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n"


def line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0} {y0} m {x1} {y1} l S\n"


def test_runs_and_ruled_table():
    content = (text(80, 740, "Notice on the plan", 16)
               + "0.5 w\n" + "".join(line(x, 600, x, 700) for x in (80, 120, 300, 512))
               + "".join(line(80, y, 512, y) for y in (700, 680, 600))
               + text(84, 686, "No.") + text(124, 686, "Task") + text(304, 686, "Lead")
               + text(84, 666, "1") + text(124, 666, "Cut coal use") + text(304, 666, "Energy bureau")
               + text(80, 560, "Issued by the city government.", 16))
    assert read_pdf(tiny_pdf(content), "t.pdf") == (
        "Notice on the plan\n\tNo.\n\tTask\n\tLead\n\n\t1\n\tCut coal use\n\tEnergy bureau\n\n"
        "Issued by the city government.")


def test_page_numbers_go():
    pages = [text(80, 700, f"Body of page {n}.", 16) + text(290, 50, f"- {n} -", 12) for n in (1, 2, 3)]
    assert read_pdf(tiny_pdf(*pages), "t.pdf") == "Body of page 1.\nBody of page 2.\nBody of page 3."


def test_landscape_page_set_sideways_reads_upright():
    # text turned a quarter left (a landscape table set on a portrait page): lines run
    # up the page, the next line to the right of the one before
    content = "BT /F1 12 Tf 0 1 -1 0 280 100 Tm (Sideways line one) Tj ET\n" \
              "BT /F1 12 Tf 0 1 -1 0 300 100 Tm (Sideways line two) Tj ET\n"
    assert read_pdf(tiny_pdf(content), "t.pdf") == "Sideways line one\nSideways line two"


@pytest.mark.parametrize("data,error", [
    (tiny_pdf("0 0 m 100 100 l S\n"), NoTextLayer),       # lines but no text: a scan's page
    (tiny_pdf(text(80, 700, "x"))[:200], UnreadableDocument),  # truncated
    (b"%PDF-1.7\n" + bytes(range(256)) * 8, UnreadableDocument),  # a header, then noise
])
def test_unreadable(data, error):
    with pytest.raises(error) as info:
        read_pdf(data, "bad.pdf")
    assert type(info.value) is error


# ------------------------------------------------------------------ a real PDF (LibreOffice)

SOURCE = """苏府〔2024〕59号
市政府关于印发全面推进美丽苏州建设工作方案的通知
各县级市（区）人民政府，苏州工业园区、苏州高新区、太仓港口管委会；市各委办局，各直属单位：
《全面推进美丽苏州建设工作方案》已经市政府72次常务会议审议通过，现印发给你们，请认真贯彻实施。
一、总体要求
全面推进美丽苏州建设，要坚持以习近平新时代中国特色社会主义思想特别是习近平生态文明思想为指导，全面贯彻党的二十大和二十届二中、三中全会精神，协同推进降碳、减污、扩绿、增长，以高品质生态环境支撑高质量发展，努力打造人与自然和谐共生的现代化市域范例。
（一）优化国土空间开发保护格局。到2035年，生态保护红线区域面积不低于1950平方公里，EQI总体保持稳定。（市资源规划局牵头，市发改委、市生态环境局等参与）
（二）积极稳妥推进碳达峰碳中和。构建落实碳达峰碳中和“1+1+6+12”政策体系，实施“碳达峰十大行动”，推动能耗双控向碳排放双控全面转型，重点控制非电行业煤炭消费，持续优化调整能源结构，推进“光伏+”综合利用，积极发展“光储充一体化”项目，实现新能源、储能、智能充电互相协调支撑。加快苏州LNG储备中心项目建设。（市发改委牵头，市工信局、市生态环境局等参与）
重点工作任务分解表
\t序号
\t重点工作任务
\t责任分工

\t1
\t坚决遏制高耗能、高排放、低水平项目盲目上马
\t按照省统一部署，落实“两高”项目管理目录相关要求。严禁核准或备案钢铁、焦化、电解铝、水泥和炼化等行业新增产能的项目。
\t市发改委、市工信局、市生态环境局等按职责分工负责。

\t2
\t加快退出重点行业落后产能
\t落实《产业结构调整指导目录》，逐步退出限制类涉气行业工艺和装备。逐步淘汰球团竖炉。
\t市发改委、市工信局、市生态环境局、市应急局、市市场监管局等按职责分工负责。

苏州市人民政府
2024年10月26日
"""


@pytest.fixture(scope="session")
def office_pdf(tmp_path_factory, variants, soffice):
    """SOURCE as a Word file (one paragraph a line, the table as a Word table), printed to PDF by LibreOffice."""
    folder = tmp_path_factory.mktemp("office")
    docx = folder / "plan.docx"
    variants.write_docx(variants.parse(SOURCE), docx)
    variants.soffice_pdf([docx], folder)
    return (folder / "plan.pdf").read_bytes()


@pytest.mark.slow
def test_office_pdf_gives_the_text_back(office_pdf):
    got = read_pdf(office_pdf, "plan.pdf")
    # whitespace aside (a writer may space Latin from Chinese), line for line the source
    squash = lambda s: re.sub(r"[ \u00a0]+", "", s)  # noqa: E731
    want = [squash(ln) for ln in SOURCE.strip("\n").split("\n")]
    assert [squash(ln) for ln in got.split("\n")] == [ln for ln in want]
