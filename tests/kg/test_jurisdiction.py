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
