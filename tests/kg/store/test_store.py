import io
import json
import subprocess
import sys
import time

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.store import KBLocked, open_store

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def triples(n, tag="a"):
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{tag}{i}")) for i in range(n)]


def test_empty_knowledge_base_answers_nothing(tmp_path):
    store = open_store(tmp_path / "kb")
    assert store.version is None and store.count() == 0 and store.graphs() == []
    assert store.query("SELECT ?s WHERE { ?s ?p ?o }").rows == []


def test_write_session_commits_at_once_with_a_new_version(tmp_path):
    store = open_store(tmp_path / "kb")
    with store.writer() as w:
        w.replace_graph(G1, triples(3))
        w.replace_graph(G2, triples(2, "b"))
        assert len(w.query("SELECT ?s WHERE { ?s ?p ?o }")) == 5  # the session reads its own writes
    v1 = store.version
    assert store.count() == 5 and store.graphs() == [str(G1), str(G2)]
    with store.writer() as w:
        w.replace_graph(G1, triples(1))
        w.drop_graph(G2)
    assert store.version != v1 and store.count() == 1
    again = open_store(tmp_path / "kb")
    assert again.version == store.version
    assert [str(o) for (o,) in again.query("SELECT ?o WHERE { ?s ?p ?o }")] == ["a0"]


def test_a_failed_session_leaves_the_knowledge_base_as_it_was(tmp_path):
    store = open_store(tmp_path / "kb")
    with store.writer() as w:
        w.replace_graph(G1, triples(3))
    v1 = store.version
    with pytest.raises(RuntimeError):
        with store.writer() as w:
            w.drop_graph(G1)
            raise RuntimeError("killed halfway")
    reopened = open_store(tmp_path / "kb")
    assert (reopened.version, reopened.count()) == (v1, 3)
    assert sorted(p.name for p in (tmp_path / "kb" / "store").glob("gen-*") if p.is_dir()) == [
        "gen-00000001", "gen-00000001.graphs"]  # the database and its N-Quads mirror


def test_readers_keep_their_generation_while_a_writer_swaps(tmp_path):
    store = open_store(tmp_path / "kb")
    with store.writer() as w:
        w.replace_graph(G1, triples(3))
    reader = open_store(tmp_path / "kb")
    for n in (1, 2, 4):
        with store.writer() as w:
            w.replace_graph(G1, triples(n))
    assert len(reader.query("SELECT ?s WHERE { ?s ?p ?o }")) == 3  # its generation was kept for it
    reader.close()
    with store.writer() as w:
        w.replace_graph(G1, triples(5))
    assert len(list((tmp_path / "kb" / "store").glob("gen-*/"))) == 4  # now the old ones go (database + mirror)


def test_a_second_writer_waits_then_is_refused(tmp_path):
    kb = tmp_path / "kb"
    holder = subprocess.Popen([sys.executable, "-c", f"""
import time, sys
from kg.store import open_store
s = open_store({str(kb)!r})
with s.writer() as w:
    print("holding", flush=True)
    time.sleep(1.5)
"""], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    with pytest.raises(KBLocked) as err:
        with open_store(kb, lock_timeout=0.5).writer():
            pass
    assert time.monotonic() - started >= 0.5
    assert "is being written by pid" in str(err.value)
    holder.wait()
    with open_store(kb, lock_timeout=5).writer() as w:  # free again
        w.replace_graph(G1, triples(1))


@pytest.mark.parametrize("fmt,rdflib_format", [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export_reads_back_isomorphic(tmp_path, fmt, rdflib_format):
    store = open_store(tmp_path / "kb")
    data = triples(3) + [(URIRef(EX + "s0"), URIRef(EX + "label"), Literal("苏州市生态环境局", lang="zh")),
                         (URIRef(EX + "s0"), URIRef(EX + "n"), Literal(28.5)),
                         (URIRef(EX + "s0"), URIRef(EX + "text"), Literal('line one\n"two"'))]
    with store.writer() as w:
        w.replace_graph(G1, data)
        w.replace_graph(G2, data[:2])  # the same triples in two graphs are one in the union
    buf = io.BytesIO()
    store.export(buf, fmt)
    want = Graph()
    for t in data:
        want.add(t)
    assert isomorphic(Graph().parse(data=buf.getvalue(), format=rdflib_format), want)


def test_kb_json_is_the_last_thing_written(tmp_path):
    store = open_store(tmp_path / "kb")
    with store.writer(note={"base_iri": "http://x/"}) as w:
        w.replace_graph(G1, triples(2))
    info = json.loads((tmp_path / "kb" / "kb.json").read_text())
    assert info["current"] == "gen-00000001" and info["quads"] == 2 and info["base_iri"] == "http://x/"
    with store.writer() as w:
        w.drop_graph(G1)
    assert json.loads((tmp_path / "kb" / "kb.json").read_text())["base_iri"] == "http://x/"  # kept across writes


def test_the_mirror_follows_every_write(tmp_path):
    """Each named graph is also kept as N-Quads text (exports read it): replaced, dropped, copied by link."""
    store = open_store(tmp_path / "kb")
    with store.writer() as w:
        w.replace_graph(G1, triples(3))
        w.bulk(G2, b"<http://example.org/x> <http://example.org/p> \"bulk\" <http://example.org/g2> .\n")
    with store.writer() as w:
        w.replace_graph(G1, triples(1, "z"))
    for via_mirror in (True, False):
        if not via_mirror:
            store._mirror = None  # the same export read back from the database
        buf = io.BytesIO()
        store.export(buf, "nq")
        lines = sorted(buf.getvalue().decode().splitlines())
        assert lines == ['<http://example.org/s0> <http://example.org/p> "z0" <http://example.org/g1> .',
                         '<http://example.org/x> <http://example.org/p> "bulk" <http://example.org/g2> .']


@pytest.mark.parametrize("literal", [
    '"plain"', '"带 \\"引号\\" 和 \\\\ 反斜杠"', '"两行\\n文字\\t制表"', '"\\u00e9 and \\U0001F600"',
    '"苏州市"@zh', '"Suzhou"@en-GB', '"4.0"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date>', "<https://example.org/o>", '""'])
def test_parse_nquads_reads_what_pyoxigraph_reads(literal):
    import pyoxigraph as ox

    from kg.store import parse_nquads

    data = f'<https://example.org/s> <https://example.org/p> {literal} <https://example.org/g> .\n'.encode()
    want = [(q.subject.value, q.predicate.value, q.object.value, getattr(q.object, "language", None) or None)
            for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]
    got = [(s, p, str(o), getattr(o, "language", None))
           for s, of in parse_nquads(data).items() for p, objects in of.items() for o in objects]
    assert got == want


def test_parse_nquads_hands_what_it_cannot_read_to_pyoxigraph():
    from kg.store import parse_nquads

    data = (b'_:b0 <https://example.org/p> "x" <https://example.org/g> .\n'
            b'<https://example.org/s> <https://example.org/p> _:b0 <https://example.org/g> .\n')
    assert parse_nquads(data) == {"b0": {"https://example.org/p": ["x"]},
                                  "https://example.org/s": {"https://example.org/p": ["b0"]}}
