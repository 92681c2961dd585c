"""extract/formats/html.py: the content of government web pages, furniture dropped."""
import pytest

from extract.formats.html import decode_html, read_html

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>关于印发方案的通知_市人民政府</title>
<script>var t = "欢迎访问本网站";</script><style>.a{{color:red}}</style></head><body>
<div class="top-bar">市人民政府门户网站 <a href="/">无障碍</a></div>
<nav class="navbar"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></nav>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="main"><div class="article">
<h1>关于印发方案的通知</h1>
<div class="TRS_Editor">
{body}
</div>
<div class="share-bar">分享到：<a>微信</a><a>微博</a></div>
<div class="print-close">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div></div>
<div class="footer"><p>主办单位：市人民政府办公室</p><p>网站标识码：3205000001　苏ICP备05029153号</p></div>
</body></html>"""


def page(body: str, charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset, body=body)


CASES = [
    ("paragraphs", '<p>一、总体要求</p><p>到2025年，PM2.5浓度下降。</p>',
     "一、总体要求\n到2025年，PM2.5浓度下降。"),
    # Word-pasted markup: spans around digits do not split the words
    ("msonormal", "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>到</span>"
                  "<span lang=EN-US>2025</span><span style='font-family:仿宋_GB2312'>年，完成<span lang=EN-US>"
                  "15</span>个项目。<o:p></o:p></span></p>",
     "到2025年，完成15个项目。"),
    # a line break in the source between two Chinese characters is no space; elsewhere one
    ("source breaks", "<p>推进钢铁企业超低排放\n改造，完成 <b>VOCs</b>\n综合治理。</p>",
     "推进钢铁企业超低排放改造，完成 VOCs 综合治理。"),
    ("br and nbsp", "<p>牵头单位：市生态环境局<br>配合单位：&nbsp;市水务局</p>",
     "牵头单位：市生态环境局\n配合单位： 市水务局"),
    ("hidden and script", '<p>保留</p><p style="display:none">隐藏</p><script>document.write("脚本")</script>',
     "保留"),
    # a data table: a cell a line, rows apart; a cell spanning rows leaves an empty cell below
    ("table", "<table class=MsoNormalTable border=1><tr><td>序号</td><td>任务</td><td>责任单位</td></tr>"
              "<tr><td>1</td><td><p>任务一</p><p>说明</p></td><td rowspan=2>市发改委</td></tr>"
              "<tr><td>2</td><td>任务二</td></tr>"
              "<tr><td colspan=3>二、保障措施</td></tr></table>",
     "\t序号\n\t任务\n\t责任单位\n\n\t1\n\t任务一\n说明\n\t市发改委\n\n\t2\n\t任务二\n\t\n\n\t二、保障措施"),
]


@pytest.mark.parametrize("name,body,expected", CASES, ids=[c[0] for c in CASES])
def test_content_kept_furniture_dropped(name, body, expected):
    text, enc = read_html(page(body).encode("utf-8"), "t.html")
    assert text == expected
    assert enc == "utf-8"


def test_gb2312_declared_page_is_read_as_gb18030():
    # 镕 and 𠮷 are not in GB2312: browsers read such pages as GB18030, and so do we
    body = "<p>朱镕基同志考察𠮷野家。</p>"
    text, enc = read_html(page(body, "gb2312").encode("gb18030"), "t.html")
    assert (text, enc) == ("朱镕基同志考察𠮷野家。", "gb18030")


def test_page_declared_gbk_but_saved_as_utf8():
    text, enc = read_html(page("<p>关于印发方案的通知</p>", "gbk").encode("utf-8"), "t.html")
    assert (text, enc) == ("关于印发方案的通知", "utf-8")


@pytest.mark.parametrize("data,expected", [
    ("\ufeff<p>一</p>".encode("utf-8"), "utf-8-sig"),
    ("<p>一</p>".encode("utf-16"), "utf-16"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=GBK"><p>' + "一".encode("gbk"), "gb18030"),
])
def test_decode(data, expected):
    assert decode_html(data, "t.html")[1] == expected


def test_old_table_layout_page():
    """A page laid out with nested tables: the layout is no data table, the content cell is found."""
    html = """<html><head><meta charset="utf-8"></head><body>
<table width="1000"><tr><td class="dh"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></td></tr>
<tr><td>当前位置：<a href="/">首页</a> &gt; 通知公告</td></tr>
<tr><td><table width="100%"><tr><td class="bt_content">
<p>各县级市（区）人民政府，市各委办局：</p><p>现将方案印发给你们，请认真贯彻实施。</p>
<table border=1><tr><td>1</td><td>任务</td></tr></table>
</td></tr><tr><td>【打印本页】【关闭窗口】</td></tr></table></td></tr>
<tr><td class="bottom">网站标识码：3205000001 苏ICP备05029153号</td></tr></table></body></html>"""
    text, _ = read_html(html.encode("utf-8"), "t.html")
    assert text == "各县级市（区）人民政府，市各委办局：\n现将方案印发给你们，请认真贯彻实施。\n\t1\n\t任务"


def test_furniture_lines_inside_the_content_go():
    body = "<p>一、工作目标</p><p>【打印本页】 【关闭窗口】</p><p>网站标识码：3205000001</p><p>苏ICP备05029153号</p>"
    assert read_html(page(body).encode("utf-8"), "t.html")[0] == "一、工作目标"


def test_preformatted_text_keeps_its_lines():
    body = "<pre>一、主要任务\n\t1\n\t任务\n\n\t2\n\t\n\t任务二\n</pre>"
    assert read_html(page(body).encode("utf-8"), "t.html")[0] == "一、主要任务\n\t1\n\t任务\n\n\t2\n\t\n\t任务二"


def test_page_without_class_names():
    """No element names the content: the smallest element holding nearly all the prose, or the
    whole page, less its menus (lines of a short link alone) and furniture lines."""
    html = """<html><head><meta charset="gb2312"></head><body>
<ul><li><a href="/">首页</a></li><li><a href="/a">机构概况</a></li><li><a href="/b">政务公开</a></li></ul>
<div><div>您的位置：<a href="/">首页</a> &gt; <a href="/b">政务公开</a></div>
<div><p>各县（市、区）人民政府：</p><p>现将方案印发给你们，请认真贯彻落实。</p>
<p>附件：<a href="/f.doc">工作方案</a></p></div></div>
<div>版权所有：某某市人民政府办公室　网站标识码：1234567890</div><div>【打印本页】【关闭窗口】</div>
</body></html>"""
    text, enc = read_html(html.encode("gb18030"), "t.html")
    assert (text, enc) == ("各县（市、区）人民政府：\n现将方案印发给你们，请认真贯彻落实。\n附件：工作方案", "gb18030")


def test_a_page_wrapped_in_a_form_or_in_a_wrapper_named_like_furniture():
    para = "<p>" + "到2025年全市细颗粒物浓度持续下降，空气质量优良天数比例稳步提升。" * 3 + "</p>"
    for wrapper in ('<form id="aspnetForm">{}</form>', '<div class="page header-fixed">{}</div>'):
        html = "<html><body>" + wrapper.format('<div class="nav"><a href="/">首页</a></div>' + para * 3) + "</body></html>"
        text, _ = read_html(html.encode("utf-8"), "t.html")
        assert text.split("\n")[-1] == para[3:-4]
