import pytest

from extract.places import gazetteer
from extract.registry import load_registry
from kg.bodies import BodyResolver
from kg.ids import Ids
from kg.jurisdiction import resolve

from .conftest_paths import ONTOLOGY

IDS = Ids("https://example.org/kb/")
BASE = "https://example.org/kb/agency/"


def resolver(place: str | None, doc: str = "d.txt") -> BodyResolver:
    gaz = gazetteer()
    return BodyResolver(IDS, load_registry(ONTOLOGY / "agencies.toml"), gaz, resolve(gaz, place), doc)


@pytest.mark.parametrize("place,name,iri,label", [
    ("苏州市", "市生态环境局", "320500/ecology-environment", "苏州市生态环境局"),
    ("郑州市", "市生态环境局", "410100/ecology-environment", "郑州市生态环境局"),
    ("苏州市", "市发改委", "320500/development-reform", "苏州市发改委"),
    ("苏州市", "市发展改革委", "320500/development-reform", "苏州市发改委"),
    ("苏州市", "苏州市发展和改革委员会", "320500/development-reform", "苏州市发改委"),
    ("苏州市", "省生态环境厅", "320000/ecology-environment", "江苏省生态环境局"),
    ("昆山市", "市生态环境局", "320583/ecology-environment", "昆山市生态环境局"),  # a county-level city calls itself 市
    ("西平县", "县发展改革委", "411721/development-reform", "西平县发改委"),
    ("苏州市", "市政府", "320500/government", "苏州市人民政府"),
    ("苏州市", "国家发展改革委", "national/ndrc", "国家发展改革委"),
    ("苏州市", "生态环境部", "national/mee", "生态环境部"),
    # a city bureau's branch in one of its counties is that county's body
    ("平湖市", "嘉兴市生态环境局平湖分局", "330482/ecology-environment", "平湖市生态环境局"),
    (None, "长沙市生态环境局雨花分局", "430111/ecology-environment", "雨花区生态环境局"),
    ("拱墅区", "环保拱墅分局", "330105/ecology-environment", "拱墅区生态环境局"),
    # a city and one of its districts written together
    (None, "无锡市滨湖生态环境局", "320211/ecology-environment", "滨湖区生态环境局"),
])
def test_places_bodies(place, name, iri, label):
    body = resolver(place).resolve(name)
    assert (str(body.iri), body.label) == (BASE + iri, label)


def test_unknown_bodies_stay_local():
    known = resolver("苏州市").resolve("苏州海关")
    assert str(known.iri).startswith(BASE + "320500/x-")
    assert resolver("苏州市", "other.txt").resolve("苏州海关").iri == known.iri  # same place, same name: one body
    a = resolver(None, "a.txt").resolve("某某办公室")
    b = resolver(None, "b.txt").resolve("某某办公室")
    assert a.iri != b.iri  # no place: never merged across documents
    # 区住建局 in a city's text: which district is not written
    assert resolver("苏州市").resolve("区住建局").function is None


def test_bodies_belong_to_their_government():
    r = resolver("西平县")
    chain = []
    body = r.resolve("县生态环境局")
    while body is not None:
        chain.append(str(body.iri)[len(BASE):])
        body = r.parent_of(body)
    assert chain == ["411721/ecology-environment", "411721/government", "411700/government", "410000/government",
                     "national/state-council"]


# in a township's text: a level prefix is its county's or above (it has no code), an unprefixed body its own
@pytest.mark.parametrize("town,name,iri", [
    ("平湖市新埭镇", "市生态环境局", "330482/ecology-environment"),  # 平湖 is a county-level city: 市 is its own
    ("平湖市新埭镇", "省生态环境厅", "330000/ecology-environment"),
    ("上街区新安路街道", "区住建局", "410106/housing-construction"),
    ("上街区新安路街道", "市生态环境局", "410100/ecology-environment"),  # 郑州市's
    ("新埭镇", "市生态环境局", None),  # its county not written: which city is not known
    ("平湖市新埭镇", "环保办", None),  # its own office: a body of this document
])
def test_township_bodies(town, name, iri):
    gaz = gazetteer()
    r = BodyResolver(IDS, load_registry(ONTOLOGY / "agencies.toml"), gaz, resolve(gaz, town, "township"), "t.txt")
    got = str(r.resolve(name).iri)
    assert got == (BASE + iri if iri else str(IDS.document_agency("t.txt", name)))
