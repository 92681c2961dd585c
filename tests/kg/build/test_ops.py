import io
import shutil

import pytest

from kg.build import catalog
from kg.ids import Ids
from kg.build.ops import NotInKnowledgeBase, add, add_document, build, build_documents, remove, summary
from kg.store import open_store
from kg.vocab import PKG

from ..conftest import kb_settings
from ..conftest_paths import CORPUS

DOCS = ["000_a96bc2db90b64911.txt", "001_a4dc09f2c6a77e08.txt", "002_67f8289a9b82292a.txt",
        "003_d2b294729e46398b.txt", "004_5388e15178bf8d90.txt"]


def quads(settings) -> set[bytes]:
    buf = io.BytesIO()
    with open_store(settings.kb_dir) as store:
        store.export(buf, "nq")
    return set(buf.getvalue().splitlines())


def test_corpus_builds_and_conforms(corpus_kb):
    settings, outcome = corpus_kb
    assert outcome.written == DOCS and outcome.refused == []
    assert outcome.measures > 300 and outcome.links > 0 and outcome.quads > 10000
    body = summary(settings)
    assert body["documents"] == 5
    assert {(d["child"], d["parent"], d["method"]) for d in body["hierarchy"]} == {
        (DOCS[0], DOCS[1], "manifest"), (DOCS[0], DOCS[4], "manifest"), (DOCS[2], DOCS[0], "manifest"),
        (DOCS[4], DOCS[1], "manifest")}


def test_small_rebuild_add_and_remove(small_kb, tmp_path):
    from ..fixtures import kunshan_annual, suzhou_plan

    settings, _ = small_kb
    ks = kunshan_annual([("持续推进细颗粒物浓度下降，到2025年PM2.5浓度降至28微克/立方米。", "市生态环境局"),
                         ("推进VOCs综合治理。", None)])
    again = kb_settings(tmp_path / "again", base_iri=settings.base_iri)
    build_documents([suzhou_plan(), ks], again)
    assert quads(again) == quads(settings)  # same IRIs, same graph
    inc = kb_settings(tmp_path / "inc", base_iri=settings.base_iri)
    build_documents([suzhou_plan()], inc)
    only_plan = quads(inc)
    outcome = add_document(ks, inc)
    assert (outcome.link_graphs, outcome.documents) == (1, 2)
    assert quads(inc) == quads(settings)
    remove("ks_2025.txt", inc)
    assert quads(inc) == only_plan


@pytest.mark.slow
def test_rebuilding_gives_the_same_graph(corpus_kb, tmp_path):
    settings, _ = corpus_kb
    again = kb_settings(tmp_path / "again", validate=False)
    build([CORPUS], again)
    assert quads(again) == quads(settings)


@pytest.mark.slow
def test_add_and_remove_equal_a_fresh_build(corpus_kb, corpus_copy, tmp_path):
    settings, _ = corpus_kb
    # build without the city plan every other document hangs under, then add it
    held = tmp_path / "held"
    held.mkdir()
    shutil.move(corpus_copy / DOCS[1], held / DOCS[1])
    shutil.copy(corpus_copy / "manifest.toml", held / "manifest.toml")
    inc = kb_settings(tmp_path / "inc", validate=False)
    build([corpus_copy], inc)
    outcome = add(held / DOCS[1], inc)
    assert outcome.written == [DOCS[1]] and outcome.link_graphs == 3  # 000→001, 004→001, 002→001
    assert quads(inc) == quads(settings)
    # removing it again equals a build without it
    remove(DOCS[1], inc)
    fresh = kb_settings(tmp_path / "fresh", validate=False)
    build([corpus_copy], fresh)
    assert quads(inc) == quads(fresh)


def test_remove_takes_the_links_to_the_document_with_it(corpus_kb, tmp_path):
    settings, _ = corpus_kb
    kb = kb_settings(tmp_path / "kb", validate=False)
    shutil.copytree(settings.kb_dir, kb.kb_dir)
    outcome = remove(DOCS[0], kb)
    ids = Ids(kb.base_iri)
    with open_store(kb.kb_dir) as store:
        assert DOCS[0] not in catalog.documents(store)
        assert sorted(catalog.link_graphs(store, ids)) == [(DOCS[4], DOCS[1])]
        rows = store.query(f"""SELECT ?s ?p WHERE {{ ?s ?p ?o
            FILTER(STRSTARTS(STR(?o), '{ids.document(DOCS[0])}') || STRSTARTS(STR(?s), '{ids.document(DOCS[0])}')) }}""")
        # only the manifest's word that 002 carries out 000 stays, with 002 (it holds again when 000 comes back)
        assert [(str(s), str(p)) for s, p in rows] == [(str(ids.document(DOCS[2])), str(PKG.declaredParent))]
    assert outcome.removed == [DOCS[0]] and outcome.documents == 4
    with pytest.raises(NotInKnowledgeBase):
        remove(DOCS[0], kb)


def test_a_document_that_hangs_is_stopped():
    import re
    import time

    from kg.build.ops import ExtractTimeout, time_limit

    started = time.monotonic()
    with pytest.raises(ExtractTimeout) as err:
        with time_limit(0.3, "slow.txt"):
            re.match(r"(a+)+b", "a" * 60)  # catastrophic backtracking, as a bad rule on a long list would
    assert time.monotonic() - started < 2
    assert err.value.reason == "extraction took longer than 0.3 s and was stopped"


def test_a_township_document_gets_its_level_place_and_county_plan(township_kb):
    from ..conftest import TOWNSHIP_DOCS

    settings, outcome = township_kb
    assert outcome.written == list(TOWNSHIP_DOCS) and outcome.warnings == []
    assert {(d["child"], d["parent"], d["method"]) for d in summary(settings)["hierarchy"]} == {
        ("ks_2025.txt", "sz_plan.txt", "inferred"), ("zz_2025.txt", "ks_2025.txt", "inferred")}
    ids = Ids(settings.base_iri)
    with open_store(settings.kb_dir) as store:
        rows = store.query(f"""SELECT ?level ?place ?label ?within WHERE {{ <{ids.document("zz_2025.txt")}>
            pkg:level ?level ; dcterms:spatial ?place . ?place skos:prefLabel ?label ; pkg:within ?within }}""")
        assert [tuple(map(str, r)) for r in rows] == [
            (str(PKG.Township), str(ids.township("周庄镇", "320583")), "周庄镇", str(ids.place("320583")))]
        # read back from the store (what add and remove infer the hierarchy from), as the build made it
        infos = {i.name: i for i in catalog.doc_infos(store, ids)}
    assert (infos["zz_2025.txt"].level, infos["zz_2025.txt"].place, infos["zz_2025.txt"].township) == \
        ("township", "320583", "周庄镇")
    assert infos["ks_2025.txt"].township is None


@pytest.mark.parametrize("first,then", [(("sz_plan.txt", "ks_2025.txt"), "zz_2025.txt"),
                                         (("sz_plan.txt", "zz_2025.txt"), "ks_2025.txt")],
                         ids=["township-added", "its-county-added"])
def test_township_add_and_remove_equal_a_fresh_build(township_kb, tmp_path, first, then):
    from ..conftest import township_documents

    settings, _ = township_kb
    docs = {d.name: d for d in township_documents()}
    inc = kb_settings(tmp_path / "inc", base_iri=settings.base_iri)
    build_documents([docs[n] for n in first], inc)
    alone = quads(inc)
    add_document(docs[then], inc)
    assert quads(inc) == quads(settings)
    remove(then, inc)
    assert quads(inc) == alone


@pytest.mark.parametrize("manifest,place,parents", [
    ("", ("周庄镇", None), []),  # the text names no county: the township by its name alone, no parent inferred
    ('level = "township"\njurisdiction = "昆山市周庄镇"\n', ("周庄镇", "320583"), [("ks_2025.txt", "inferred")]),
    ('level = "township"\njurisdiction = "昆山市周庄镇"\nparents = ["sz_plan.txt"]\n', ("周庄镇", "320583"),
     [("sz_plan.txt", "manifest")]),
], ids=["text-alone", "manifest-county", "manifest-parents"])
def test_a_township_file_added_with_its_manifest(township_kb, tmp_path, manifest, place, parents):
    """The manifest says which county a township lies in where its text does not (extracted for real)."""
    settings, _ = township_kb
    kb = kb_settings(tmp_path / "kb", base_iri=settings.base_iri)
    shutil.copytree(settings.kb_dir, kb.kb_dir)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "zz_plan.txt").write_text("周庄镇2025年大气污染防治工作方案\n一、深入打好蓝天保卫战\n"
                                        "1.到2025年底，持续推进细颗粒物浓度下降，完成餐饮油烟净化设施安装全覆盖。（镇环保办牵头）\n",
                                        encoding="utf-8")
    if manifest:
        (folder / "manifest.toml").write_text(f'[[document]]\nfile = "zz_plan.txt"\n{manifest}', encoding="utf-8")
    add(folder / "zz_plan.txt", kb)
    ids = Ids(kb.base_iri)
    with open_store(kb.kb_dir) as store:
        (spatial,), = store.query(f"SELECT ?p WHERE {{ <{ids.document('zz_plan.txt')}> dcterms:spatial ?p }}").rows
    assert str(spatial) == str(ids.township(*place))
    assert [(d["parent"], d["method"]) for d in summary(kb)["hierarchy"] if d["child"] == "zz_plan.txt"] == parents
