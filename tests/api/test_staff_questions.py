"""Questions typed the way staff type them, over the bundled corpus, with the answers the documents give.

Each row was asked of GET /api/ask (with "today" fixed at 2025-07-01) and its answer read against the
document: the measure that says it (document and a phrase of its text), its first lead, the deadlines it
sets, and the one-line direct answer the card opens with, exactly. Questions about lists (an agency's tasks,
a place's, those due in a window) are checked against a plain predicate over every measure of the corpus.
"""
from __future__ import annotations

import pytest

from .conftest import make_client, settings_for

TODAY = "2025-07-01"
PLAN, WORK_POINTS, PINGHU, REPORT, BREAKDOWN = ("001_a4dc09f2c6a77e08.txt", "000_a96bc2db90b64911.txt",
                                                "002_67f8289a9b82292a.txt", "003_d2b294729e46398b.txt",
                                                "004_5388e15178bf8d90.txt")
SHORE = ("市交通局牵头；配合单位：市生态环境局、沿江三市直属海事局、市市场监管局")
PM25 = ("目标：到2027年细颗粒物平均浓度稳定达到28微克/立方米；进展：1-6月份，我市PM2.5浓度为31.9微克/立方米"
        "（《苏州市2023年经济社会发展主要目标任务上半年进展情况》）。")


@pytest.fixture(scope="module")
def staff(built_kb_dir):
    """A client whose today is fixed: what time questions are reckoned from."""
    from kg.service import KnowledgeBase

    s = settings_for(built_kb_dir, today=TODAY)
    return make_client(KnowledgeBase(s), s)


# question → (intent, (document, phrase of the first answer), its first lead, deadlines it carries, direct answer)
ONE_ANSWER = [
    ("岸电那个事谁牵头", ["who"], (BREAKDOWN, "岸电使用电量较2020年翻一番"), "市交通局", {"2025-12-31"}, SHORE + "。"),
    ("靠港船舶岸电要翻一番，啥时候完成", ["when"], (BREAKDOWN, "岸电"), "市交通局", {"2025-12-31"},
     "2025-12-31前完成（原文：到2025年）。"),
    ("岸电任务配合单位有哪些", ["support"], (BREAKDOWN, "岸电"), "市交通局", set(),
     "配合单位：市生态环境局、沿江三市直属海事局、市市场监管局。"),
    ("岸电是交通局还是环保局牵头", ["who"], (BREAKDOWN, "岸电"), "市交通局", set(),
     "市交通局牵头，不是环保局；配合单位：市生态环境局、沿江三市直属海事局、市市场监管局。"),
    ("是不是环保局牵头VOCs治理", ["who"], (WORK_POINTS, "强化VOCs综合治理"), "市生态环境局", set(), "是，市生态环境局牵头。"),
    ("VOCs治理是不是交通局牵头", ["who"], (WORK_POINTS, "强化VOCs综合治理"), "市生态环境局", set(),
     "不是，牵头单位是市生态环境局。"),
    ("烟花爆竹禁放是公安局还是城管局牵头", ["who"], (BREAKDOWN, "烟花爆竹禁放"), "市公安局", {"2024-12-31"},
     "市公安局、市城管局、市应急局等牵头。"),  # both lead, with four more
    ("苏州PM2.5目标是多少", ["howmuch"], (PLAN, "细颗粒物平均浓度稳定达到28微克/立方米"), "市生态环境局", {"2027-12-31"}, PM25),
    ("pm25目标是多少", ["howmuch"], (PLAN, "细颗粒物平均浓度稳定达到28微克/立方米"), "市生态环境局", {"2027-12-31"}, PM25),
    ("细颗粒物浓度2027年要降到多少", ["howmuch"], (PLAN, "28微克/立方米"), "市生态环境局", {"2027-12-31"}, PM25),
    ("晚上噪声要达到多少", ["howmuch"], (PLAN, "声环境功能区夜间达标率达到85%"), "市生态环境局", {"2025-12-31"},
     "目标：全市声环境功能区夜间达标率达到85%。"),
    ("垃圾焚烧企业深度治理要推动几家", ["howmuch"], (WORK_POINTS, "推动4家垃圾焚烧企业"), "市生态环境局", set(),
     "目标：推动4家垃圾焚烧企业、2家玻璃企业和32家铸造企业深度治理。"),  # not a report's 钢铁企业…累计4家
    ("秸秆综合利用率要达到多少", ["howmuch"], (BREAKDOWN, "秸秆综合利用率稳定达到95%以上"), "市生态环境局", {"2025-12-31"},
     "目标：全市农作物秸秆综合利用率稳定达到95%以上。"),
    ("新能源汽车比例不能低于多少", ["howmuch"], (BREAKDOWN, "新能源汽车比例不低于80%"), "市工信局", {"2024-12-31"},
     "目标：新能源汽车比例不低于80%。"),
    ("平湖今年治气要完成多少个项目", ["howmuch"], (PINGHU, "完成90个以上治理项目"), "嘉兴市生态环境局平湖分局", set(),
     "目标：完成90个以上治理项目。"),
    ("非道路移动机械淘汰60%的截止时间", ["when"], (BREAKDOWN, "淘汰60%以上"), "市生态环境局", {"2024-12-31"},
     "2024-12-31前完成（原文：2024年底前），2025-12-31前完成（原文：到2025年）。"),
    ("化肥减量是哪个部门牵头", ["who"], (BREAKDOWN, "化肥农药减量增效"), "市农业农村局", set(),
     "市农业农村局牵头；配合单位：市生态环境局、市财政局。"),
    ("平湖入河排污口整治谁负责", ["who"], (PINGHU, "持续开展入河排污口整治"), "嘉兴市生态环境局平湖分局", set(),
     "嘉兴市生态环境局平湖分局牵头。"),
    ("《2025年全市生态环境工作要点》里餐饮油烟谁负责", ["who"], (WORK_POINTS, "餐饮油烟"), "市生态环境局", set(),
     "市生态环境局牵头。"),
    ("平湖那份工作思路里海洋垃圾清理谁负责", ["who"], (PINGHU, "海洋岸滩垃圾清理"), "嘉兴市生态环境局平湖分局", set(),
     "嘉兴市生态环境局平湖分局牵头。"),
    ("要在什么时候达到83.3%以上？", ["when"], None, None, set(), None),  # a decimal of four characters: no year, no 500
]


@pytest.mark.parametrize("q,intent,measure,lead,dues,direct", ONE_ANSWER, ids=[r[0] for r in ONE_ANSWER])
def test_one_answer(staff, q, intent, measure, lead, dues, direct):
    r = staff.get("/api/ask", params={"q": q})
    assert r.status_code == 200
    body = r.json()
    assert body["intent"] == intent and body["today"] == TODAY
    if measure is None:
        return
    top = body["answers"][0]
    assert (top["doc"], measure[1] in "".join(top["text"].split())) == (measure[0], True)
    assert top["lead"][0] == lead and dues <= {d["due"] for d in top["deadlines"]}
    assert body["summary"]["text"] == direct
    assert body["summary"]["source"].startswith(f"《{top['doc_title']}》")


# ---------------------------------------------------------------- place

def test_a_place_with_no_document_gets_the_notice(staff):
    body = staff.get("/api/ask", params={"q": "郑州的氢能任务谁负责"}).json()
    assert body["notice"] == "知识库中没有郑州市的文件，无法回答关于郑州市的问题；其他地区的措施不能当作郑州市的措施。"
    assert body["answers"] == []  # never 苏州's hydrogen measures as if they were 郑州's
    body = staff.get("/api/ask", params={"q": "郑州市生态环境局负责哪些任务"}).json()
    assert body["answers"] == [] and "郑州市" in body["notice"]


def test_a_place_within_a_documents_place_is_answered_from_it_and_said_so(staff):
    body = staff.get("/api/ask", params={"q": "吴江区烟花爆竹禁放区优化调整什么时候完成"}).json()
    assert body["notice"] == "知识库中没有吴江区的文件；以下答案来自适用于吴江区的苏州市文件。"
    top = body["answers"][0]
    assert top["doc"] == BREAKDOWN and "烟花爆竹禁放" in top["text"] and top["deadlines"][0]["due"] == "2024-12-31"
    body = staff.get("/api/ask", params={"q": "江苏省有哪些任务"}).json()
    assert body["notice"] == "知识库中没有江苏省本级的文件；以下答案来自江苏省内苏州市的文件。"


def test_a_places_tasks_are_listed(staff, every_measure):
    body = staff.get("/api/ask", params={"q": "平湖市有哪些任务"}).json()
    assert body["intent"] == ["tasks"] and body["place"] == "平湖市"
    assert sorted(a["measure_id"] for a in body["answers"]) == sorted(
        m["measure_id"] for m in every_measure if m["doc"] == PINGHU)


def test_no_place_named_speaks_from_the_city(staff):
    """A question that names no place is the city's: 苏州's measure before 平湖's (a county of another province)."""
    body = staff.get("/api/ask", params={"q": "入河排污口整治谁牵头"}).json()
    assert body["answers"][0]["jurisdiction"] == "苏州市"
    body = staff.get("/api/ask", params={"q": "平湖入河排污口整治谁牵头"}).json()
    assert body["answers"][0]["jurisdiction"] == "平湖市"


def test_a_parent_in_another_province_is_flagged(staff):
    doc = staff.get(f"/api/documents/{PINGHU}").json()
    assert [(p["parent"], p["unusual"]) for p in doc["parents"]] == [(WORK_POINTS, (
        "上级文件属苏州市（江苏省），本文件属平湖市（浙江省嘉兴市）：上级文件所在地不包含本文件所在地，请核对清单或引用"))]
    listed = {d["doc"]: d for d in staff.get("/api/documents").json()["documents"]}
    assert list(listed[PINGHU]["parents_unusual"]) == [WORK_POINTS]
    assert all("parents_unusual" not in d for name, d in listed.items() if name != PINGHU)


# ---------------------------------------------------------------- time

@pytest.fixture(scope="module")
def every_measure(staff) -> list[dict]:
    body = staff.get("/api/measures", params={"limit": 500}).json()
    assert body["total"] == len(body["measures"])
    return body["measures"]


def dues(m) -> list[str]:
    return sorted(d["due"] for d in m["deadlines"] if d.get("due"))


def implied(m) -> list[str]:
    """The end of an annual plan's year, for its task that writes no deadline (the corpus's two 2025 plans)."""
    if m["doc"] in (WORK_POINTS, PINGHU) and not any(d.get("due") or d.get("recurring") for d in m["deadlines"]):
        return ["2025-12-31"]
    return []


# question → (which measures, by their deadlines as written or implied), the window's words
WINDOWS = [
    ("哪些任务已经逾期？", lambda d: any(x < TODAY for x in d), "已逾期：截止日期在2025-07-01之前"),
    ("今年到期的任务有哪些", lambda d: any(x.startswith("2025") for x in d), "截止日期在2025-01-01至2025-12-31之间（以2025-07-01计）"),
    ("2025年底前要完成哪些任务？", lambda d: any(x.startswith("2025") for x in d),
     "截止日期在2025-01-01至2025-12-31之间（以2025-07-01计）"),
    ("2024年底前要完成哪些", lambda d: any(x.startswith("2024") for x in d),
     "截止日期在2024-01-01至2024-12-31之间（以2025-07-01计）"),
    ("下个月到期的任务", lambda d: any(x.startswith("2025-08") for x in d), "截止日期在2025-08-01至2025-08-31之间（以2025-07-01计）"),
    ("2024年12月底前要完成哪些任务", lambda d: any(x.startswith("2024-12") for x in d),
     "截止日期在2024-12-01至2024-12-31之间（以2025-07-01计）"),
    ("三个月内到期的任务有哪些", lambda d: any(TODAY <= x <= "2025-09-29" for x in d),
     "截止日期在2025-07-01至2025-09-29之间（以2025-07-01计）"),
]


@pytest.mark.parametrize("q,keep,words", WINDOWS, ids=[w[0] for w in WINDOWS])
def test_tasks_due_in_a_window(staff, every_measure, q, keep, words):
    body = staff.get("/api/ask", params={"q": q}).json()
    assert body["intent"] == ["tasks"] and body["window"]["text"] == words and body["today"] == TODAY
    want = sorted(m["measure_id"] for m in every_measure if keep(dues(m) or implied(m)))
    assert sorted(a["measure_id"] for a in body["answers"]) == want
    firsts = [min(x for x in dues(a) or implied(a) if keep([x])) for a in body["answers"]]
    assert firsts == sorted(firsts)  # by the deadline in the window


def test_overdue_is_only_what_is_due_before_today(staff, built_kb_dir):
    body = staff.get("/api/ask", params={"q": "哪些任务已经逾期？"}).json()
    assert body["answers"] and all(min(dues(a) or implied(a)) < TODAY for a in body["answers"])
    from kg.service import KnowledgeBase

    s = settings_for(built_kb_dir, today="2026-01-15")
    later = make_client(KnowledgeBase(s), s).get("/api/ask", params={"q": "哪些任务已经逾期？"}).json()
    # half a year on, the 2025 plans' tasks are overdue too, those with no deadline of their own as implied
    assert later["today"] == "2026-01-15" and len(later["answers"]) > len(body["answers"])
    assert any("implied_deadline" in a and not dues(a) for a in later["answers"])
    assert all(min(dues(a) or implied(a)) < "2026-01-15" for a in later["answers"])


def test_an_agencys_overdue_tasks_and_this_year(staff, every_measure):
    body = staff.get("/api/ask", params={"q": "市交通局有哪些逾期任务"}).json()
    assert [(a["name"], a["place"]) for a in body["agencies"]] == [("苏州市交通局", "苏州市")]
    want = sorted(m["measure_id"] for m in every_measure
                  if "市交通局" in m["lead"] and any(x < TODAY for x in dues(m) or implied(m)))
    assert sorted(a["measure_id"] for a in body["groups"]["lead"]) == want and want
    body = staff.get("/api/ask", params={"q": "生态环境局今年要完成什么"}).json()
    assert [(a["name"], a["place"]) for a in body["agencies"]] == [("苏州市生态环境局", "苏州市")]
    want = sorted(m["measure_id"] for m in every_measure
                  if "市生态环境局" in m["lead"] and any(x.startswith("2025") for x in dues(m) or implied(m)))
    assert sorted(a["measure_id"] for a in body["groups"]["lead"]) == want


def test_implied_deadlines_are_marked_and_never_among_the_written(staff):
    body = staff.get("/api/ask", params={"q": "餐饮油烟码上洗平台谁负责"}).json()
    top = body["answers"][0]
    assert top["doc"] == WORK_POINTS and top["deadlines"] == []
    assert top["implied_deadline"] == {"due": "2025-12-31", "implied": True,
                                       "text": "未写明期限：2025年度计划的任务，按2025年底计"}


# ---------------------------------------------------------------- related measures

def test_related_measures_are_ranked_by_the_tasks_words(staff):
    """The list under an answer (GET /api/search with the question): the question's asking words rank nothing."""
    asked = staff.get("/api/search", params={"q": "岸电这项工作由哪些部门负责？", "k": 10}).json()["hits"]
    plain = staff.get("/api/search", params={"q": "岸电", "k": 10}).json()["hits"]
    assert [h["measure_id"] for h in asked] == [h["measure_id"] for h in plain]
    assert all("岸电" in h["text"] for h in asked[:2])


ZHENGZHOU = ("郑州市2025年大气污染防治工作方案\n"
             "一、推进能源结构调整\n"
             "1.2025年底前，建成加氢站5座，推广氢燃料电池汽车500辆。（市发展改革委牵头，市工信局配合）\n"
             "2.2025年9月底前，完成燃煤锅炉清洁能源替代。（市生态环境局负责）\n")


def test_once_a_places_document_is_added_its_tasks_are_listed(writable):
    """郑州 has no document: the notice; once one is uploaded, 郑州市有哪些任务 lists its tasks and 郑州's hydrogen
    task is answered from it."""
    from .test_documents import KEY

    c = writable.client
    assert c.get("/api/ask", params={"q": "郑州市有哪些任务"}).json()["answers"] == []
    r = c.post("/api/documents", files={"file": ("zz_2025.txt", ZHENGZHOU.encode("utf-8"))}, headers=KEY)
    assert r.status_code == 201, r.text
    body = c.get("/api/ask", params={"q": "郑州市有哪些任务"}).json()
    assert (body["intent"], body["place"], "notice" in body) == (["tasks"], "郑州市", False)
    assert [(a["doc"], a["deadlines"][0]["due"]) for a in body["answers"]] == [("zz_2025.txt", "2025-09-30"),
                                                                             ("zz_2025.txt", "2025-12-31")]
    body = c.get("/api/ask", params={"q": "郑州的氢能任务谁负责"}).json()
    assert "notice" not in body and body["answers"][0]["doc"] == "zz_2025.txt"
    assert body["answers"][0]["lead"] == ["市发展改革委"]
    # 郑州's 市生态环境局 is not 苏州's
    tasks = c.get("/api/agencies/郑州市生态环境局/measures").json()
    assert [(a["name"], a["place"]) for a in tasks["agencies"]] == [("郑州市生态环境局", "郑州市")]
    assert [t["doc"] for t in tasks["lead"]] == ["zz_2025.txt"]
