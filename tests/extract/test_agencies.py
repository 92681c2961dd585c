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
    # one bureau whose name joins two functions with 和; two bodies joined by 和 each end as an organ
    ("责任单位:县气象局、发展和改革局、农业农村和科技局、林业和草原局", "县",
     (["县气象局", "县发展和改革局", "县农业农村和科技局", "县林业和草原局"], [])),
    ("县水利局和县气象局负责", "县", (["县水利局", "县气象局"], [])),
    # names run together with nothing between them; levels written once before a shared name
    ("牵头单位：区财政局区税务局", "区", (["区财政局", "区税务局"], [])),
    ("县委宣传部县文明办负责", "县", (["县委宣传部", "县文明办"], [])),
    ("市政府办公室负责", "市", (["市政府办公室"], [])),
    # 承办 leads and 协办 takes part; an item's number before 由 is no part of the name
    ("由省经贸委承办,省农业厅、卫生厅协办", "省", (["省经贸委"], ["省农业厅", "省卫生厅"])),
    ("(一)由省经贸委负责,省农业厅、环保局配合", "省", (["省经贸委"], ["省农业厅", "省环保局"])),
    ("各县、市、区政府负责", "市", (["各县、市、区政府"], [])),
    ("责任单位:各县、特区、区人民政府,各经济开发区管委会", "市", (["各县、特区、区人民政府", "各经济开发区管委会"], [])),
    # a bureau's own sections in general are a catch-all
    ("牵头责任单位:森林资源管理科,配合单位:局相关业务科室", "市", (["森林资源管理科"], [])),
    ("市、区退役军人事务部门负责", "市", (["市退役军人事务部门", "区退役军人事务部门"], [])),
    # 监督 of a body's name (市场监督管理局) is no role word
    ("市市场监督管理局", "市", (["市市场监督管理局"], [])),
    ("市市场监督管理局牵头，县监督管理局配合", "市", (["市市场监督管理局"], ["县监督管理局"])),
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
    # a role word with a short verb of its own
    ("市生态环境局、发展和改革局、工业和信息化局牵头督导,市公安局、自然资源局参与", "市",
     (["市生态环境局", "市发展和改革局", "市工业和信息化局"], ["市公安局", "市自然资源局"])),
    # the governments under real leads that carry it out are the blanket note; beside a guiding lead they are listed
    ("市工业和信息化局、市发展改革委、市生态环境局按职责分工负责,各县区政府、城乡一体化示范区管委会具体落实", "市",
     (["市工业和信息化局", "市发展改革委", "市生态环境局"], [])),
    ("市经信局、市发改委、市行政审批局负责,市自然资源和规划局、市生态环境局等参与,"
     "各县(市、区)人民政府、开发区管委会负责落实。以下均需各级政府、开发区管委会落实,不再", "市",
     (["市经信局", "市发改委", "市行政审批局"], ["市自然资源和规划局", "市生态环境局"])),
    # a label that only says roles follow
    ("部门分工:省农业农村厅牵头,各地、各部门配合", "省", (["省农业农村厅"], ["各地"])),
    # a department in no registry takes its list's prefix; a list that writes every prefix keeps a bare name
    ("牵头单位:市经贸委;配合单位:市发改委、国土房管局、外经贸局、规划局", "市",
     (["市经贸委"], ["市发改委", "市国土房管局", "市外经贸局", "市规划局"])),
    ("市文广新局、旅游局", "市", (["市文广新局", "市旅游局"], [])),
    ("牵头单位:县住建局;配合单位:县发改委、县环保局、县水利局、县农业局、黎阳建管办", "县",
     (["县住建局"], ["县发改委", "县环保局", "县水利局", "县农业局", "黎阳建管办"])),
    ("区发改局、区市场监管局、环保拱墅分局,各街道(园区)", "区",
     (["区发改局", "区市场监管局", "环保拱墅分局", "各街道(园区)"], [])),
    # names a blank separates (a table cell)
    ("安监站 安监所", "镇", (["安监站", "安监所"], [])),
    ("市级各有关部门按职责分工负责", "市", ([], [])),
]


# Clause fragments that end in an organ word are never agencies, whatever role word follows them.
FRAGMENTS = [
    "依托“粤治慧”建设数字政府",
    "发挥农业农村部门",
    "各重点产业链",
    "各地区各部门单位",
    "的工作是县政府",
    "各单位要",
    "要加强与市生态环境局",
    "将有关情况报市政府",
    "按照省委省政府",
    "通过县政府",
    "高效推进重点监管单位",  # names of organisations do not start with an adverb either
    "各级政府及有关部门",  # a catch-all, however its parts are joined
]


@pytest.mark.parametrize("fragment", FRAGMENTS)
@pytest.mark.parametrize("role", ["牵头", "负责", "配合", "参与"])
def test_a_clause_fragment_is_never_an_agency(parser_for, fragment, role):
    attr = parser_for("市").parse(fragment + role, 0)
    assert attr.lead + attr.support == []


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


def test_a_name_keeps_its_span_when_what_opens_its_item_is_cut(parser_for):
    text = "(一)由省经贸委负责,省农业厅配合"
    attr = parser_for("省").parse(text, 0)
    assert [(r.name, text[r.start:r.end]) for r in attr.lead + attr.support] == [("省经贸委", "省经贸委"),
                                                                                  ("省农业厅", "省农业厅")]
