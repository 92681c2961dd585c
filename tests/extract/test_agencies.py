"""Attributions → lead and support agencies in canonical short form (agencies.py)."""
import pytest

from extract.attribution import AgencyContext, AttributionParser


@pytest.fixture(scope="module")
def parser_for(resources):
    def make(prefix="市", places=("苏州市", "苏州")):
        return AttributionParser(AgencyContext(resources.registry, prefix, tuple(places)))
    return make


CASES = [
    # attribution, document prefix, expected (lead, support)
    ("市资源规划局牵头，市发改委、市生态环境局、市水务局、市农业农村局等参与；以下均需各县级市（区）政府（管委会）落实，不再列出",
     "市", (["市资源规划局"], ["市发改委", "市生态环境局", "市水务局", "市农业农村局"])),
    ("市发改委、工信局等参与", "市", ([], ["市发改委", "市工信局"])),
    ("市交通局牵头，市生态环境局、沿江三市直属海事局、市场监管局等配合", "市",
     (["市交通局"], ["市生态环境局", "沿江三市直属海事局", "市市场监管局"])),
    ("市发改委、市工信局、市生态环境局等按职责分工负责，各县级市（区）人民政府（管委会）负责落实。以下均需各县级市（区）人民政府（管委会）负责落实，不再列出。",
     "市", (["市发改委", "市工信局", "市生态环境局"], [])),
    ("人行苏州市分行牵头，市委金融办、市生态环境局等配合", "市", (["人行苏州市分行"], ["市委金融办", "市生态环境局"])),
    ("苏州市生态环境局牵头", "市", (["市生态环境局"], [])),
    ("市生态环境局牵头，市各有关部门按职责分工负责", "市", (["市生态环境局"], [])),
    ("牵头单位:县市场监管局,责任单位:县发改局", "县", (["县市场监管局"], ["县发改局"])),
    ("责任单位:县发改局", "县", (["县发改局"], [])),
    ("牵头单位:区发改局\n责任单位:立山经济开发区,全区经济运行各专班", "区",
     (["区发改局"], ["立山经济开发区", "全区经济运行各专班"])),
    ("牵头单位:经信委;责任单位:发改委、市场监管局、各镇(街道)", "市",
     (["市经信委"], ["市发改委", "市市场监管局", "各镇(街道)"])),
    ("省住房城乡建设厅 负责指导,各设区市人民政府、赣江新区管委会落实", "省",
     (["省住房城乡建设厅"], ["各设区市人民政府", "赣江新区管委会"])),
    ("生态环境部指导,试点城市政府负责落实。以下均需试点城市政府落实,不再列出", None, (["试点城市政府"], [])),
    ("生态环境部牵头,国家发展改革委、工业和信息化部、住房城乡建设部参与", None,
     (["生态环境部"], ["国家发展改革委", "工业和信息化部", "住房城乡建设部"])),
    ("财政部、民政部、银保监会等国务院相关部门及各地区按职责分工负责", None,
     (["财政部", "民政部", "银保监会", "各地区"], [])),
    ("牵头负责领导:金力。\n牵头责任单位:市发展改革委。\n协同责任单位:市税务局、滁州海关、市人行等,各县、市、区政府。", "市",
     (["市发展改革委"], ["市税务局", "滁州海关", "市人行", "各县、市、区政府"])),
    ("市水利局", "市", (["市水利局"], [])),
    ("各县(市、区)党委和人民政府,城乡一体化示范区、高新区党工委和管委会", "市",
     (["各县(市、区)党委和人民政府", "城乡一体化示范区党工委和管委会", "高新区党工委和管委会"], [])),
    ("各区、开发区", "市", (["各区", "各开发区"], [])),
    ("各乡镇人民政府、街道办事处,谯城经开区管委会,魏武国控集团。", "区",
     (["各乡镇人民政府、街道办事处", "谯城经开区管委会"], [])),
    ("县发展改革委、科技和工业信息化局、生态环境分局按职责分工负责", "县",
     (["县发展改革委", "县科技和工业信息化局", "县生态环境分局"], [])),
]


@pytest.mark.parametrize("text, prefix, expected", CASES, ids=[c[0][:16] for c in CASES])
def test_attribution(parser_for, text, prefix, expected):
    places = ("苏州市", "苏州") if prefix == "市" else ()
    attr = parser_for(prefix, places).parse(text, 0)
    assert ([a.name for a in attr.lead], [a.name for a in attr.support]) == expected


def test_companies_are_entities_not_agencies(parser_for):
    attr = parser_for("区", ()).parse("区发改委,魏武国控集团", 0)
    assert [a.name for a in attr.lead] == ["区发改委"]
    assert attr.entities == ["魏武国控集团"]


def test_refs_keep_span_rule_and_registry_key(parser_for):
    text = "市发改委牵头，工信局等配合"
    attr = parser_for().parse(text, 10)
    lead, support = attr.lead[0], attr.support[0]
    assert text[lead.start - 10:lead.end - 10] == "市发改委"
    assert text[support.start - 10:support.end - 10] == "工信局"
    assert (lead.key, lead.level, lead.rule) == ("development-reform", "city", "after.lead")
    assert (support.name, support.key) == ("市工信局", "industry-it")
