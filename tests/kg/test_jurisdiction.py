import pytest

from extract.places import gazetteer
from kg.jurisdiction import at_level, contains, resolve


@pytest.mark.parametrize("name,level,province,city,code", [
    ("苏州市", "city", "江苏省", None, "320500"),
    ("昆山市", "county", "江苏省", "苏州市", "320583"),
    ("西平县", "county", None, None, "411721"),
    ("河南省", "province", None, None, "410000"),
    ("铁东区", "county", "吉林省", "四平市", "220303"),  # there is a 铁东区 in 鞍山 too
    ("铁东区", "county", "辽宁省", "鞍山市", "210302"),
    ("北京市顺义区", None, None, None, "110113"),  # a district written with its city
    ("菏泽市定陶区", "county", None, None, "371703"),
    ("杭州市拱墅区", "county", None, None, "330105"),
    ("苏州市苏州市", None, None, None, None),
    ("无此地", "city", None, None, None),
    (None, None, None, None, None),
])
def test_resolve(name, level, province, city, code):
    assert resolve(gazetteer(), name, level, province, city).code == code


def test_national():
    assert resolve(gazetteer(), "全国", None).national
    assert resolve(gazetteer(), None, "national").national


def test_xiping_lies_in_zhumadian_in_henan():
    gaz = gazetteer()
    xiping = resolve(gaz, "西平县")
    assert [p.name for p in gaz.ancestors(xiping.place)] == ["驻马店市", "河南省"]
    assert contains(resolve(gaz, "驻马店市"), xiping)
    assert contains(resolve(gaz, "河南省"), xiping)
    assert contains(resolve(gaz, "全国"), xiping)
    assert not contains(resolve(gaz, "信阳市"), xiping)
    assert at_level(gaz, xiping.place, "city").name == "驻马店市"


# a township's jurisdiction (and the text) → its own name and the code of the county it lies in
TOWNSHIPS = [
    ("新埭镇", "", None, None, "新埭镇", None),  # no county written: the name alone
    ("平湖市新埭镇", "", None, None, "新埭镇", "330482"),  # the jurisdiction writes it (a manifest may)
    ("浙江省平湖市新埭镇", "", None, None, "新埭镇", "330482"),
    ("新埭镇", "新埭镇2025年工作计划\n……\n平湖市新埭镇人民政府\n", None, None, "新埭镇", "330482"),  # the text does
    ("新埭镇", "新埭镇位于平湖市东北部", None, None, "新埭镇", None),  # named, but not as its county
    ("上街区新安路街道", "", None, None, "新安路街道", "410106"),
    ("静安区芷江西路街道", "", "上海市", "上海市", "芷江西路街道", "310106"),
    ("鼓楼区鼓东街道", "", "福建省", "福州市", "鼓东街道", "350102"),  # four 鼓楼区: the city beside it says which
    ("福建省鼓楼区鼓东街道", "", None, None, "鼓东街道", "350102"),  # or the province written before it
    ("东莞市虎门镇", "", None, None, "虎门镇", "441900"),  # a city without counties holds its towns itself
    ("苏州市周庄镇", "", None, None, "周庄镇", None),  # a city with counties does not say which
]


@pytest.mark.parametrize("name,text,province,city,own,code", TOWNSHIPS, ids=[f"{t[0]}-{len(t[1])}" for t in TOWNSHIPS])
def test_township(name, text, province, city, own, code):
    jur = resolve(gazetteer(), name, "township", province, city, text)
    assert jur.place is None and not jur.national and jur.known
    assert (jur.township.name, jur.township.within.code if jur.township.within else None) == (own, code)


def test_a_township_lies_in_its_county_and_holds_only_itself():
    gaz = gazetteer()
    xindai = resolve(gaz, "平湖市新埭镇", "township")
    assert [contains(resolve(gaz, place), xindai) for place in ("平湖市", "嘉兴市", "浙江省", "全国", "昆山市")] == \
        [True, True, True, True, False]
    assert contains(xindai, resolve(gaz, "新埭镇", "township", text="平湖市新埭镇人民政府"))
    assert not contains(xindai, resolve(gaz, "平湖市"))
    assert not contains(xindai, resolve(gaz, "平湖市乍浦镇", "township"))
