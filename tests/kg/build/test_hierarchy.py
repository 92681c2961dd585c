from datetime import date

import pytest

from extract.normalize import normalize
from kg.build.hierarchy import DocInfo, infer
from kg.build.titles import core_title, normalize_number, own_titles

CODES = {"全国": None, "河南省": "410000", "郑州市": "410100", "信阳市": "411500", "驻马店市": "411700",
         "西平县": "411721", "苏州市": "320500", "昆山市": "320583", "江苏省": "320000", "山东省": "370000",
         "黑龙江省": "230000", "潍坊市": "370700", "定陶区": "371703"}
LEVELS = {"全国": "national", "河南省": "province", "江苏省": "province", "郑州市": "city", "信阳市": "city",
          "驻马店市": "city", "苏州市": "city", "西平县": "county", "昆山市": "county", "山东省": "province",
          "黑龙江省": "province", "潍坊市": "city", "定陶区": "county"}


def doc(name, place, title, kind="plan", day=None, year=None, number=None, cites=(), declared=None, topics=(),
        township=None, aliases=()):
    """A document of ``place``; with ``township``, of that township of the county ``place`` (None: not known)."""
    return DocInfo(name=name, level="township" if township else LEVELS[place], kind=kind, place=CODES.get(place),
                   national=place == "全国", date=date.fromisoformat(day) if day else None, plan_year=year,
                   doc_number=number, title=title, cites=tuple(cites), declared=declared, topics=tuple(topics),
                   township=township, aliases=tuple(aliases))


NATIONAL = doc("gwy.txt", "全国", "国务院关于印发空气质量持续改善行动计划的通知", day="2023-11-30", number="国发〔2023〕24号")
HENAN = doc("henan.txt", "河南省", "河南省人民政府关于印发河南省空气质量持续改善行动计划的通知", day="2024-03-23",
            number="豫政〔2024〕12号", cites=["国发〔2023〕24号"])
ZHUMADIAN = doc("zmd.txt", "驻马店市", "驻马店市空气质量持续改善行动实施方案", day="2024-05-01")
XIPING = doc("xiping.txt", "西平县", "西平县空气质量持续改善行动方案", day="2024-07-01",
             cites=["河南省空气质量持续改善行动计划", "驻马店市空气质量持续改善行动实施方案"])
ZHENGZHOU = doc("zz.txt", "郑州市", "郑州市空气质量持续改善行动计划", day="2024-06-27")
OTHER_NATIONAL = doc("fgf.txt", "全国", "全国深化放管服改革优化营商环境重点任务分工方案", day="2020-09-01")


def edges(docs):
    return {(e.child, e.parent, e.method) for e in infer(docs).edges}


def test_the_chain_down_to_a_county():
    got = edges([NATIONAL, HENAN, ZHUMADIAN, XIPING, ZHENGZHOU, OTHER_NATIONAL])
    assert got == {
        ("henan.txt", "gwy.txt", "citation"),  # 国发〔2023〕24号
        ("zmd.txt", "henan.txt", "inferred"),  # 驻马店 lies in 河南; same title
        ("zz.txt", "henan.txt", "inferred"),
        ("xiping.txt", "henan.txt", "citation"),  # 根据《河南省…》《驻马店市…》
        ("xiping.txt", "zmd.txt", "citation"),
    }
    h = infer([NATIONAL, HENAN, ZHUMADIAN, XIPING])
    assert h.ancestors("xiping.txt") == [("henan.txt", 1), ("zmd.txt", 1), ("gwy.txt", 2)]


def test_inferred_from_place_when_nothing_is_cited():
    xiping = doc("xiping.txt", "西平县", "西平县空气质量持续改善行动方案", day="2024-07-01")
    assert edges([HENAN, ZHUMADIAN, ZHENGZHOU, xiping]) >= {("xiping.txt", "zmd.txt", "inferred")}
    assert ("xiping.txt", "zz.txt", "inferred") not in edges([HENAN, ZHENGZHOU, xiping])  # 西平 is not in 郑州


def test_a_plan_dated_before_its_would_be_parent_is_not_its_child():
    early = doc("zz2023.txt", "郑州市", "郑州市空气质量持续改善行动计划", day="2023-01-05")
    assert edges([HENAN, early]) == set()


def test_national_parent_needs_a_matching_title():
    henan = doc("henan.txt", "河南省", "河南省营商环境优化方案", day="2024-03-23", topics=[("governance", 3)])
    other = doc("fgf.txt", "全国", "全国深化放管服改革重点任务分工方案", day="2020-09-01", topics=[("governance", 5)])
    assert edges([henan, other]) == set()


def test_annual_plan_and_progress_report_of_one_place():
    plan = doc("sz_plan.txt", "苏州市", "美丽苏州建设工作方案", day="2024-10-26", topics=[("air", 5), ("water", 4)])
    annual = doc("sz_2025.txt", "苏州市", "2025年全市生态环境工作要点", kind="annual-plan", year=2025,
                 topics=[("air", 9), ("water", 6)])
    report = doc("sz_2025_h1.txt", "苏州市", "2025年生态环境工作要点上半年进展情况", kind="progress-report", year=2025,
                 topics=[("air", 4), ("water", 2)])
    county = doc("ks_2025.txt", "昆山市", "昆山市2025年生态环境工作要点", kind="annual-plan", year=2025,
                 topics=[("air", 3), ("water", 3)])
    assert edges([plan, annual, report, county]) == {
        ("sz_2025.txt", "sz_plan.txt", "inferred"),
        ("sz_2025_h1.txt", "sz_2025.txt", "inferred"),  # a report hangs under the plan it reports on
        ("ks_2025.txt", "sz_2025.txt", "inferred"),  # the nearest tier above: the city's annual plan
    }


def test_manifest_wins_and_an_empty_list_means_none():
    a = doc("a.txt", "苏州市", "美丽苏州建设工作方案", declared=())
    b = doc("b.txt", "苏州市", "2025年全市生态环境工作要点", kind="annual-plan", year=2025, declared=("a.txt", "missing.txt"))
    c = doc("c.txt", "昆山市", "昆山市2025年工作要点", kind="annual-plan", year=2025, declared=())
    assert edges([a, b, c]) == {("b.txt", "a.txt", "manifest")}


def test_a_cited_title_names_its_place():
    national = doc("gwy.txt", "全国", "空气质量持续改善行动计划")
    henan = doc("henan.txt", "河南省", "河南省空气质量持续改善行动计划", day="2024-03-23",
                cites=["空气质量持续改善行动计划"])
    xiping = doc("xiping.txt", "西平县", "西平县空气质量持续改善行动方案", cites=["河南省空气质量持续改善行动计划"])
    assert edges([national, henan, ZHENGZHOU, xiping]) >= {("henan.txt", "gwy.txt", "citation"),
                                                           ("xiping.txt", "henan.txt", "citation")}
    assert ("xiping.txt", "zz.txt", "citation") not in edges([national, henan, ZHENGZHOU, xiping])


def test_no_cycles():
    a = doc("a.txt", "苏州市", "生态文明建设方案", cites=["生物多样性保护方案"])
    b = doc("b.txt", "苏州市", "生物多样性保护方案", cites=["生态文明建设方案"])
    got = edges([a, b])
    assert len(got) == 1


@pytest.mark.parametrize("title,core", [
    ("河南省人民政府关于印发河南省空气质量持续改善行动计划的通知", "河南省空气质量持续改善"),
    ("近日,郑州市人民政府发布关于印发郑州市空气质量持续改善行动计划的通知。", "郑州市空气质量持续改善"),
    ("《信阳市空气质量持续改善行动方案》", "信阳市空气质量持续改善"),
    ("2025年全市生态环境工作要点", "全市生态环境"),
])
def test_core_title(title, core):
    assert core_title(title) == core


@pytest.mark.parametrize("a,b", [("国发〔2023〕24号", "国发[2023]24号"), ("豫政〔2024〕12号", "豫政（2024）12号")])
def test_document_numbers(a, b):
    assert normalize_number(a) == normalize_number(b)


# townships (乡, 镇, 街道) below their county: documents → parent edges
SZ_PLAN = doc("sz.txt", "苏州市", "苏州市大气污染防治工作方案", day="2024-01-10")
KS_PLAN = doc("ks.txt", "昆山市", "昆山市大气污染防治工作方案", day="2024-03-01")
KS_2025 = doc("ks_2025.txt", "昆山市", "昆山市2025年大气污染防治工作要点", kind="annual-plan", year=2025, day="2025-02-01")
ZZ_PLAN = doc("zz.txt", "昆山市", "周庄镇大气污染防治工作方案", day="2025-03-01", township="周庄镇")
ZZ_2025 = doc("zz_2025.txt", "昆山市", "周庄镇2025年大气污染防治工作计划", kind="annual-plan", year=2025,
              day="2025-04-01", township="周庄镇")
QD_2025 = doc("qd_2025.txt", "昆山市", "千灯镇2025年大气污染防治工作计划", kind="annual-plan", year=2025,
              day="2025-04-01", township="千灯镇")
XP_2025 = doc("xp_2025.txt", "西平县", "师灵镇2025年大气污染防治工作计划", kind="annual-plan", year=2025,
              day="2025-04-01", township="师灵镇")
TOWNSHIP_CASES = [
    ("a township plan below its county's, the county's below its city's",
     [SZ_PLAN, KS_PLAN, ZZ_PLAN], {("ks.txt", "sz.txt", "inferred"), ("zz.txt", "ks.txt", "inferred")}),
    ("below the county's nearest tier: its annual plan; never the county's below the township's",
     [KS_PLAN, KS_2025, ZZ_PLAN], {("ks_2025.txt", "ks.txt", "inferred"), ("zz.txt", "ks_2025.txt", "inferred")}),
    ("a township's annual plan below its own plan", [KS_PLAN, ZZ_PLAN, ZZ_2025],
     {("zz.txt", "ks.txt", "inferred"), ("zz_2025.txt", "zz.txt", "inferred")}),
    ("two townships of one county are not each other's", [KS_PLAN, ZZ_PLAN, QD_2025],
     {("zz.txt", "ks.txt", "inferred"), ("qd_2025.txt", "ks.txt", "inferred")}),
    ("a township of another county is not below this county", [KS_PLAN, XP_2025], set()),
    ("a township whose county is not known: no inferred parent",
     [KS_PLAN, doc("t.txt", None, "周庄镇大气污染防治工作方案", day="2025-03-01", township="周庄镇")], set()),
    ("the manifest places it all the same",
     [KS_PLAN, doc("t.txt", None, "周庄镇大气污染防治工作方案", township="周庄镇", declared=("ks.txt",))],
     {("t.txt", "ks.txt", "manifest")}),
    ("a township plan cites its county's; a county's never cites a township's as its parent",
     [doc("ks.txt", "昆山市", "昆山市大气污染防治工作方案", cites=["周庄镇大气污染防治工作方案"]),
      doc("zz.txt", None, "周庄镇大气污染防治工作方案", township="周庄镇", cites=["昆山市大气污染防治工作方案"])],
     {("zz.txt", "ks.txt", "citation")}),
]


@pytest.mark.parametrize("docs,expected", [c[1:] for c in TOWNSHIP_CASES], ids=[c[0] for c in TOWNSHIP_CASES])
def test_townships(docs, expected):
    assert edges(docs) == expected


def test_a_township_document_carries_out_its_county_and_city_plans():
    h = infer([SZ_PLAN, KS_PLAN, KS_2025, ZZ_PLAN, ZZ_2025])
    assert h.ancestors("zz_2025.txt") == [("zz.txt", 1), ("ks_2025.txt", 2), ("ks.txt", 3), ("sz.txt", 4)]


# citations in every field: by number, by any title a document goes by, of the year and place they name
GB16 = doc("gb16.txt", "全国", "2016年政务公开工作要点", kind="annual-plan", year=2016, day="2016-04-02",
           number="国办发〔2016〕19号")
GB17 = doc("gb17.txt", "全国", "2017年政务公开工作要点", kind="annual-plan", year=2017, day="2017-03-09",
           number="国办发〔2017〕24号", cites=["2017年政务公开工作要点"])
HLJ16 = doc("hlj16.txt", "黑龙江省", "2016年全省政务公开工作要点", kind="annual-plan", year=2016, day="2016-05-23",
            cites=["国办发〔2016〕19号", "国务院办公厅关于印发2016年政务公开工作要点的通知"])
SD17 = doc("sd17.txt", "山东省", "2017年山东省政务公开工作要点", kind="annual-plan", year=2017, day="2017-05-04",
           number="鲁政办发〔2017〕39号", cites=["关于印发2017年政务公开工作要点的通知"])
WF17 = doc("wf17.txt", "潍坊市", "潍坊市2017年政务公开工作要点实施方案", kind="annual-plan", year=2017)
DT17 = doc("dt17.txt", "定陶区", "2017年定陶区政务公开工作要点", kind="annual-plan", year=2017, day="2017-08-28",
           cites=["鲁政办发〔2017〕39号", "菏政办发〔2017〕29号"])
REPOSTED = doc("repost.txt", "全国", "国务院：大力发展新能源和清洁能源 到2025年电能占终端能源消费比重达30%左右",
               aliases=["空气质量持续改善行动计划"])
CITATION_CASES = [
    ("a title with a year finds that year's plan, never the year before's",
     [GB16, GB17, SD17], {("sd17.txt", "gb17.txt", "citation")}),
    ("by number; another province's plan a province names is a reference, not its parent",
     [GB16, HLJ16, GB17, doc("sd17.txt", "山东省", "2017年山东省政务公开工作要点", kind="annual-plan", year=2017,
                             cites=["国办发〔2017〕24号", "黑龙江省2016年全省政务公开工作要点"])],
     {("hlj16.txt", "gb16.txt", "citation"), ("sd17.txt", "gb17.txt", "citation")}),
    ("a city by place and title, a county by the province's number (its own city's plan is not held)",
     [GB17, SD17, WF17, DT17], {("sd17.txt", "gb17.txt", "citation"), ("wf17.txt", "sd17.txt", "inferred"),
                                ("dt17.txt", "sd17.txt", "citation")}),
    ("a plan known by a repost's headline is found by the title its text gives it",
     [REPOSTED, doc("henan.txt", "河南省", "河南省空气质量持续改善行动计划", day="2024-03-23",
                    cites=["国务院关于印发〈空气质量持续改善行动计划〉的通知"])],
     {("henan.txt", "repost.txt", "citation")}),
    ("a cited title's issuer names its place: 河南省人民政府关于印发空气质量…计划的通知 is Henan's",
     [NATIONAL, HENAN, doc("zz.txt", "郑州市", "郑州市空气质量持续改善行动计划", day="2024-06-27",
                           cites=["河南省人民政府关于印发空气质量持续改善行动计划的通知"])],
     {("henan.txt", "gwy.txt", "citation"), ("zz.txt", "henan.txt", "citation")}),
    ("a city citing only the national plan lies under its province's plan too",
     [NATIONAL, HENAN, doc("zz.txt", "郑州市", "郑州市空气质量持续改善行动计划", day="2024-06-27", cites=["国发〔2023〕24号"])],
     {("henan.txt", "gwy.txt", "citation"), ("zz.txt", "gwy.txt", "citation"), ("zz.txt", "henan.txt", "inferred")}),
]


@pytest.mark.parametrize("docs,expected", [c[1:] for c in CITATION_CASES], ids=[c[0] for c in CITATION_CASES])
def test_citations(docs, expected):
    assert edges(docs) == expected


def test_a_multi_year_task_breakdown_ranks_above_its_places_annual_plan():
    plan = doc("plan.txt", "苏州市", "美丽苏州建设工作方案", day="2024-10-26", topics=[("air", 5), ("water", 4)])
    breakdown = doc("air.txt", "苏州市", "苏州市空气质量持续改善行动重点工作任务分解表", kind="task-breakdown",
                    day="2024-12-01", topics=[("air", 9)])
    annual = doc("a2025.txt", "苏州市", "2025年全市生态环境工作要点", kind="annual-plan", year=2025,
                 topics=[("air", 9), ("water", 6)])
    yearly = doc("b2025.txt", "苏州市", "2025年大气污染防治重点任务分解表", kind="task-breakdown", year=2025,
                 topics=[("air", 9)])
    got = edges([plan, breakdown, annual, yearly])
    assert ("a2025.txt", "air.txt", "inferred") in got and ("air.txt", "plan.txt", "inferred") in got
    assert not {e for e in got if e[0] == "b2025.txt" and e[1] == "a2025.txt"}  # one year's breakdown: no rank above


@pytest.mark.parametrize("text,titles", [
    ("12月7日,國務院印發《空氣質量持續改善行動計劃》,其中提到,大力發展新能源。", ("空气质量持续改善行动计划",)),
    ("3月29日,河南省人民政府關于印發河南省空氣質量持續改善行動計劃的通知,通知指出,大力發展清潔能源。",
     ("河南省空气质量持续改善行动计划",)),
    ("各省人民政府:\n《2017年政務公開工作要點》已經國務院同意,現印發給你們,請結合實際認真貫徹落實。", ("2017年政务公开工作要点",)),
    ("各县人民政府:\n现将《西平县空气质量持续改善行动方案》印发给你们。", ("西平县空气质量持续改善行动方案",)),
    ("…插图1\n\n以下為全文:\n\n空氣質量持續改善行動計劃\n\n為主線,", ("空气质量持续改善行动计划",)),
    ("黑龍江省人民政府辦公廳關於印發2016年全省政務公開工作要點的通知\n黑政辦發〔2016〕53號", ("2016年全省政务公开工作要点",)),
    ("为贯彻落实《国务院关于印发空气质量持续改善行动计划的通知》,制定本方案。", ()),  # a citation is not its own title
])
def test_own_titles(text, titles):
    assert own_titles(normalize(text).text) == titles
