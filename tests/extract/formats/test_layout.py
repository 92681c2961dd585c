"""extract/formats/layout.py: positioned runs of text → the text a reader copies out.

Pages here are A4 (595 × 842 points) with a 16-point body from x = 80: an
ideograph is one em wide, so a full line holds 27 of them and ends at 512.
"""
import pytest

from extract.formats.grid import segment
from extract.formats.layout import Fragment, Page, document_text

LEFT, SIZE, FULL = 80.0, 16.0, 27
TEXT = ("加快推进美丽苏州建设统筹产业结构调整污染治理生态保护应对气候变化协同推进降碳减污扩绿增长"
        "完善落实绿水青山就是金山银山理念的体制机制以高品质生态环境支撑高质量发展走在全国全省前列")


def run(text, y, x=LEFT, size=SIZE):
    return Fragment(x, y, size, text)


def lines(texts, top=700.0, x=LEFT, pitch=28.0, size=SIZE):
    """One run a line, top down; a (text, indent_em) pair indents that line."""
    out, y = [], top
    for t in texts:
        indent = 0
        if isinstance(t, tuple):
            t, indent = t
        if t is not None:
            out.append(run(t, y, x + indent * size, size))
        y -= pitch
    return out


def page(*fragments, segments=()):
    return Page(595.0, 842.0, [f for group in fragments for f in (group if isinstance(group, list) else [group])],
                list(segments))


def test_wrapped_lines_join_and_paragraphs_stay():
    a1, a2, a3 = TEXT[:FULL], TEXT[FULL:2 * FULL], "结束。"
    b1 = TEXT[:FULL - 2]  # indented two ems: a full line
    p = page(lines([a1, a2, a3, (b1, 2), "续完。", "另一段开头不缩进但上一行未满。"]))
    assert document_text([p]) == f"{a1}{a2}{a3}\n{b1}续完。\n另一段开头不缩进但上一行未满。"


def test_item_marker_and_colon_end_a_line():
    full = TEXT[:FULL]
    p = page(lines([full, "（二）强化区域协同治理。", "各县级市（区）人民政府，市各委办局：", "现印发给你们。"]))
    assert document_text([p]) == f"{full}\n（二）强化区域协同治理。\n各县级市（区）人民政府，市各委办局：\n现印发给你们。"


@pytest.mark.parametrize("following,joined", [
    ("为加快推进。", False),   # 为 would have fitted in the em and a half left
    ("造“不破”。", True),      # a quotation mark binds its neighbours: 造“不 did not fit
    ("完，成。", True),        # a comma may not begin a line: 完， did not fit
    ("3项。", False),          # a digit is narrow: it would have fitted
    ("。33项", True),          # LibreOffice keeps a number after closing punctuation
])
def test_line_broken_before_what_could_not_fit(following, joined):
    first = TEXT[:FULL - 2] + "、"  # 26 ideographs: ends 1.5 em short... of 27
    p = page(lines([TEXT[:FULL], first, following]))
    sep = "" if joined else "\n"
    assert document_text([p]) == f"{TEXT[:FULL]}{first}{sep}{following}"


def test_sentence_across_a_page_break_and_page_numbers():
    pages = []
    for n in range(3):
        body = lines([TEXT[:FULL], TEXT[FULL:2 * FULL]], top=720)
        pages.append(page(body, run(f"— {n + 1} —", 60, x=280)))
    assert document_text(pages) == (TEXT[:2 * FULL] * 3)


@pytest.mark.parametrize("number", ["— 2 —", "-2-", "第 2 页 共 3 页", "2", "2/3", "Page 2 of 3"])
def test_page_number_forms(number):
    pages = [page(lines(["第一页的正文。"]), run(number.replace("2", str(i)), 50, x=290)) for i in (1, 2, 3)]
    assert document_text(pages) == "第一页的正文。\n第一页的正文。\n第一页的正文。"


def test_running_header_goes_but_the_same_words_in_the_body_stay():
    pages = [page(run("苏州市人民政府办公室文件", 800, x=200), lines(["苏州市人民政府办公室文件", "正文。"]))
             for _ in range(3)]
    assert document_text(pages) == "苏州市人民政府办公室文件\n正文。\n" * 2 + "苏州市人民政府办公室文件\n正文。"


def test_wrapped_centred_title_joins():
    # a 22-point title centred on the body: 20 characters a line
    t1, t2 = "苏州市人民政府关于印发全面推进美丽苏州建", "设工作方案的通知"
    x2 = (LEFT + 512 - len(t2) * 22) / 2
    p = page(run(t1, 740, size=22), run(t2, 706, x=x2, size=22), lines([TEXT[:FULL], "各地："], top=660))
    assert document_text([p]) == f"{t1}{t2}\n{TEXT[:FULL]}各地："


def test_empty_line_between_paragraphs_stays():
    p = page(lines(["一、总体要求", None, "二、主要任务"]))
    assert document_text([p]) == "一、总体要求\n\n二、主要任务"


def test_browser_print_header_and_footer_go_with_the_site_furniture():
    pages = [page(run("2024/10/29 10:22", 820, x=20, size=8), run("关于印发方案的通知_市人民政府", 820, x=300, size=8),
                  lines(["当前位置：首页 > 政务公开", "关于印发方案的通知", "【打印本页】【关闭窗口】"]),
                  run(f"https://www.suzhou.gov.cn/a/1.html {i}/2", 14, x=20, size=8)) for i in (1, 2)]
    assert document_text(pages) == "关于印发方案的通知\n关于印发方案的通知"


def grid(xs, top, bottom, rows):
    """The ruling lines of a table with columns xs and row boundaries between top and bottom."""
    ys = [top] + rows + [bottom]
    segs = [segment(x, bottom, x, top) for x in xs]
    segs += [segment(xs[0], y, xs[-1], y) for y in ys]
    return segs


def test_a_ruled_table_becomes_cells_a_line():
    xs = [80, 120, 300, 512]
    segs = grid(xs, 700, 600, [680])
    frags = [run("序号", 686, 84, 11), run("任务", 686, 124, 11), run("责任单位", 686, 304, 11),
             run("1", 666, 84, 11),
             run("推进钢铁企业超低排放改造全面完", 666, 124, 11), run("成评估监测。", 648, 124, 11),  # wrapped in the cell
             run("市生态环境局", 666, 304, 11)]
    p = page(lines(["附件"], top=740), frags, lines(["二、保障措施"], top=560), segments=segs)
    assert document_text([p]) == ("附件\n\t序号\n\t任务\n\t责任单位\n\n"
                                  "\t1\n\t推进钢铁企业超低排放改造全面完成评估监测。\n\t市生态环境局\n\n二、保障措施")


def test_a_table_over_a_page_break_drops_the_repeated_header_and_joins_the_broken_row():
    xs = [80, 120, 300, 512]
    head = [run("序号", 786, 84, 11), run("任务", 786, 124, 11), run("责任单位", 786, 304, 11)]
    p1 = page(head, run("1", 766, 84, 11), run("推进钢铁企业超低排放改造全面完", 766, 124, 11),
              run("市生态环境局", 766, 304, 11), segments=grid(xs, 800, 700, [780]))
    p2 = page(head, run("成评估监测。", 766, 124, 11), run("2", 740, 84, 11), run("淘汰燃煤锅炉。", 740, 124, 11),
              run("市发改委", 740, 304, 11), segments=grid(xs, 800, 700, [780, 756]))
    assert document_text([p1, p2]) == ("\t序号\n\t任务\n\t责任单位\n\n"
                                       "\t1\n\t推进钢铁企业超低排放改造全面完成评估监测。\n\t市生态环境局\n\n"
                                       "\t2\n\t淘汰燃煤锅炉。\n\t市发改委")


def test_text_printed_with_tabs_keeps_them():
    """A .txt printed by LibreOffice: a tab indents a line to the first default tab stop
    (1.25 cm); the tab-indented cell lines of a table come back with their tab, and a
    cell that wrapped back to the margin is one line again."""
    tab = LEFT + 35.43
    cell = TEXT[:FULL - 2]  # from the tab stop it fills the line: 25 ideographs and a bit
    body = [TEXT[:FULL]] * 4 + ["结束。"]
    p = page(lines(body, top=780), run("1", 630, tab), run(cell, 602, tab), run("推进。", 574),
             run("市发改委牵头。", 546, tab))
    assert document_text([p]) == f"{TEXT[:FULL] * 4}结束。\n\t1\n\t{cell}推进。\n\t市发改委牵头。"


def test_a_number_at_the_top_of_a_page_stays_unless_it_counts_pages():
    # each page starts with a table's index cell (7, 12, 15) and ends with its page number (1, 2, 3)
    body = {1: "甲页正文。", 2: "乙页正文。", 3: "丙页正文。"}
    pages = [page(run(str(index), 800, LEFT + 35.43), lines([body[n]], top=600), run(str(n), 50, x=295))
             for n, index in ((1, 7), (2, 12), (3, 15))]
    assert document_text(pages) == "\t7\n\n甲页正文。\n\t12\n\n乙页正文。\n\t15\n\n丙页正文。"


def test_runs_reported_at_one_position_are_set_one_after_another():
    """pypdf gives some glyphs of Chromium's PDFs the position of the glyph before."""
    glyphs = [run(ch, 700, LEFT + SIZE * (i - (1 if i in (5, 6) else 0) - (1 if i == 6 else 0)))
              for i, ch in enumerate(TEXT[:FULL])]
    p = page(glyphs, run("续。", 672))
    assert document_text([p]) == TEXT[:FULL] + "续。"


def test_punctuation_hanging_past_the_margin():
    """Where a writer lets a comma hang past the right edge, a line that stops one em short
    before a word ending in a comma was not broken for it."""
    hung = TEXT[:FULL] + "，"  # ends an em past the edge
    short = TEXT[:FULL - 1]      # 26 ideographs: room for one more
    p = page(lines([hung, "续写。", hung, "再续写。", TEXT[:FULL], TEXT[:FULL], TEXT[:FULL], short, "完，"]))
    assert document_text([p]).split("\n")[-2:] == [TEXT[:FULL] * 3 + short, "完，"]


def test_print_footer_with_a_ligature():
    pages = [page(lines(["正文。"]), run(f"\ufb01le:///tmp/plan.html {n}/2", 14, x=20, size=8)) for n in (1, 2)]
    from extract.formats.lines import unligature
    pages = [Page(p.width, p.height, [Fragment(f.x, f.y, f.size, unligature(f.text)) for f in p.fragments])
             for p in pages]
    assert document_text(pages) == "正文。\n正文。"


def glyphs(text, y, x=LEFT, size=SIZE, gaps=(), spaced=""):
    """One run a glyph, as Chromium writes them; ``gaps`` maps an index to extra points before it;
    a run of a character in ``spaced`` starts with the space pypdf puts where it sees a jump."""
    out, at = [], x
    for i, ch in enumerate(text):
        at += dict(gaps).get(i, 0.0)
        out.append(Fragment(at, y, size, (" " + ch) if ch in spaced else ch))
        at += size * (1.0 if ord(ch) > 0x2100 else 0.36)
    return out


def test_a_space_between_two_ideographs_is_a_space_a_jump_before_a_bracket_is_not():
    # 安监站 安监所 in a cell: a third of an em between two ideographs; (2025年) with the runs pypdf
    # starts with a space, though they sit where the run before ends
    page = Page(595, 842, glyphs("安监站安监所", 700, gaps=[(3, 5.0)]) + glyphs("方案(2025年)》", 672, spaced=")》"))
    assert document_text([page]).split("\n") == ["安监站 安监所", "方案(2025年)》"]
