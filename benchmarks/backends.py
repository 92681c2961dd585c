"""Which embedded store: rdflib's in-memory graph or Oxigraph (pyoxigraph), at about 1 M triples.

    python -m benchmarks backends [--triples 1000000] [--runs 5]

The data is the bundled corpus's knowledge graph, copied under new document
names until it reaches the size asked (so it has the corpus's shape: measures,
agencies, deadlines, targets, audit links). For each backend: load time,
Turtle serialisation time and the medians of the three typical queries of
``benchmarks.store``. This is the measurement the embedded default was chosen by.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_ntriples(target: int) -> tuple[bytes, int]:
    """N-Triples of the corpus graph, repeated under renamed documents up to about ``target`` triples."""
    from api.settings import Settings
    from kg.build.ops import build
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(kb_dir=Path(tmp) / "kb", validate=False)
        build([ROOT / "corpus"], settings)
        with open_store(settings.kb_dir) as store:
            buf = io.BytesIO()
            store.export(buf, "nt")
    base = buf.getvalue()
    lines = base.count(b"\n")
    copies = max(1, round(target / lines))
    out = [base] + [base.replace(b"/doc/", f"/doc/copy{i}-".encode()) for i in range(1, copies)]
    return b"".join(out), lines * copies


def queries(agency: str, measure: str) -> dict[str, str]:
    from .store import QUERIES
    from kg.vocab import sparql_prefixes

    return {k: sparql_prefixes() + q.format(agency=agency, measure=measure) for k, q in QUERIES.items()}


def bench_rdflib(data: bytes, runs: int) -> dict:
    from rdflib import Graph

    t = time.perf_counter()
    g = Graph()
    g.parse(data=data, format="nt")
    load = time.perf_counter() - t
    agency, measure = _pick(lambda q: [tuple(map(str, r)) for r in g.query(q)])
    out = {"load_s": load}
    for name, q in queries(agency, measure).items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            list(g.query(q))
            times.append(time.perf_counter() - t)
        out[name + "_ms"] = 1000 * statistics.median(times)
    t = time.perf_counter()
    g.serialize(format="turtle")
    out["turtle_s"] = time.perf_counter() - t
    return out


def bench_oxigraph(data: bytes, runs: int) -> dict:
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        store = ox.Store(tmp)
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
        store.flush()
        load = time.perf_counter() - t
        agency, measure = _pick(lambda q: [tuple(v.value for v in s) for s in store.query(q)])
        out = {"load_s": load}
        for name, q in queries(agency, measure).items():
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                for s in store.query(q):
                    tuple(s)
                times.append(time.perf_counter() - t)
            out[name + "_ms"] = 1000 * statistics.median(times)
        t = time.perf_counter()
        store.dump(io.BytesIO(), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        out["turtle_s"] = time.perf_counter() - t
        del store
    return out


def _pick(select) -> tuple[str, str]:
    from kg.vocab import sparql_prefixes

    p = sparql_prefixes()
    agency = select(p + "SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m pkg:lead ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 1")
    measure = select(p + "SELECT ?m WHERE { ?m prov:wasDerivedFrom ?p } LIMIT 1")
    return (agency[0][0] if agency else "urn:none"), (measure[0][0] if measure else "urn:none")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks backends", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    data, n = corpus_ntriples(args.triples)
    rows = {"oxigraph": bench_oxigraph(data, args.runs), "rdflib (memory)": bench_rdflib(data, max(1, args.runs // 2))}
    print(f"{n:,} triples (the corpus graph, copied under new document names)")
    head = ["backend", "load s", "agency+due ms", "per agency ms", "2-hop ms", "Turtle s"]
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for name, r in rows.items():
        print(f"| {name} | {r['load_s']:.1f} | {r['agency_due_ms']:.1f} | {r['per_agency_ms']:.1f} | "
              f"{r['two_hop_ms']:.1f} | {r['turtle_s']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
