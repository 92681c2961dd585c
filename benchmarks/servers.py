"""The store on a SPARQL server beside the embedded one (issue 11): bulk load and the three typical queries.

    python -m benchmarks servers [--triples 1000000,10000000] [--runs 20]

The data is the bundled corpus's knowledge graph copied under new document names up to the size asked,
graph by graph (each copy's documents and audit links in their own named graphs, as a build writes them).
Each size is loaded through ``kg.store`` — one fresh write session, the bulk path — into the embedded
store (Oxigraph on disk) and into Virtuoso (Graph Store Protocol PUTs of N-Triples, as ``policykg
build --store sparql`` does); then the three typical queries of ``benchmarks.store`` run through
``Store.query`` on both, interleaved, median and p99. Goals: Virtuoso within 3× the embedded store on
the three queries at 1 M triples; 10 M triples load in under 5 minutes.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_graphs(ontology_dir: Path) -> tuple[dict[str, bytes], str]:
    """The corpus built once: graph IRI → N-Quads, and the ontology graph's IRI."""
    from api.settings import Settings
    from kg.build.ops import build
    from kg.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(env={}, kb_dir=Path(tmp) / "kb", validate=False, ontology_dir=ontology_dir)
        build([ROOT / "corpus"], settings)
        with open_store(settings.kb_dir) as store:
            graphs = {g: store.graph_nquads(g) for g in store.graphs()}
    ontology = next(g for g in graphs if g.endswith("/graph/ontology"))
    return graphs, ontology


def copies(graphs: dict[str, bytes], ontology: str, target: int):
    """(graph, N-Quads) up to about ``target`` quads: the ontology once, the rest renamed per copy."""
    per_copy = sum(d.count(b"\n") for g, d in graphs.items() if g != ontology)
    n = max(1, round((target - graphs[ontology].count(b"\n")) / per_copy))
    yield ontology, graphs[ontology]
    for i in range(n):
        for g, data in graphs.items():
            if g == ontology:
                continue
            if i:
                tag = f"copy{i}-".encode()
                data = (data.replace(b"/doc/", b"/doc/" + tag).replace(b"/graph/link/", b"/graph/link/" + tag)
                        .replace(b"/id/link/", b"/id/link/" + tag))  # audit and hierarchy link nodes
                g = g.replace("/doc/", f"/doc/copy{i}-").replace("/graph/link/", f"/graph/link/copy{i}-")
            yield g, data


def load(store, graphs) -> float:
    from rdflib import URIRef

    t = time.perf_counter()
    with store.writer(fresh=True) as w:
        for g, data in graphs:
            w.bulk(URIRef(g), data)
    return time.perf_counter() - t


def pick(store) -> tuple[str, str]:
    rows = store.query("SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m pkg:lead ?a } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1")
    agency = str(rows.rows[0][0]) if rows.rows else "urn:none"
    rows = store.query("""SELECT ?m (COUNT(?g) AS ?n) WHERE { ?m prov:wasDerivedFrom ?p . ?p prov:wasDerivedFrom ?g }
                          GROUP BY ?m ORDER BY ?n ?m""")
    measure = str(rows.rows[len(rows.rows) // 2][0]) if rows.rows else "urn:none"
    return agency, measure


def time_queries(stores: dict, runs: int) -> dict:
    from .store import QUERIES

    agency, measure = pick(stores["embedded"])
    out = {}
    for name, template in QUERIES.items():
        q = template.format(agency=agency, measure=measure)
        times: dict[str, list[float]] = {b: [] for b in stores}
        rows = {b: len(s.query(q)) for b, s in stores.items()}  # warm, and the answers must agree
        for i in range(runs):
            order = list(stores.items()) if i % 2 == 0 else list(reversed(stores.items()))
            for b, s in order:
                t = time.perf_counter()
                s.query(q)
                times[b].append(time.perf_counter() - t)
        out[name] = {b: {"median_ms": 1000 * statistics.median(ts),
                         "p99_ms": 1000 * sorted(ts)[min(len(ts) - 1, int(0.99 * len(ts)))], "rows": rows[b]}
                     for b, ts in times.items()}
    return out


def run(sizes: list[int], runs: int) -> list[dict]:
    from api.settings import Settings
    from kg.store import open_store
    from tests import servers

    ontology_dir = ROOT / "ontology"
    graphs, ontology = corpus_graphs(ontology_dir)
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            virtuoso = servers.start_virtuoso(tmp / "virtuoso")
            try:
                stores = {
                    "embedded": open_store(Settings.from_env(env={}, kb_dir=tmp / "kb", ontology_dir=ontology_dir)),
                    "virtuoso": open_store(Settings.from_env(env={}, kb_dir=tmp / "v", ontology_dir=ontology_dir,
                                                             **virtuoso.settings())),
                }
                row = {"triples_asked": size, "load_s": {}}
                for b, s in stores.items():
                    row["load_s"][b] = load(s, copies(graphs, ontology, size))
                row["quads"] = {b: s.count() for b, s in stores.items()}
                row["queries"] = time_queries(stores, runs)
                results.append(row)
                print(report([row]), flush=True)
            finally:
                servers.stop_virtuoso(virtuoso)
    return results


def report(results: list[dict]) -> str:
    from .store import QUERIES

    lines = ["| quads | backend | bulk load s | " + " | ".join(f"{q} median / p99 ms" for q in QUERIES) + " |",
             "|---|---|---|" + "---|" * len(QUERIES)]
    for r in results:
        for b in r["load_s"]:
            cells = [f"{r['queries'][q][b]['median_ms']:.1f} / {r['queries'][q][b]['p99_ms']:.1f}" for q in QUERIES]
            lines.append(f"| {r['quads'][b]:,} | {b} | {r['load_s'][b]:.1f} | " + " | ".join(cells) + " |")
        ratios = [r["queries"][q]["virtuoso"]["median_ms"] / max(r["queries"][q]["embedded"]["median_ms"], 1e-9)
                  for q in QUERIES]
        lines.append(f"| | virtuoso ÷ embedded | {r['load_s']['virtuoso'] / r['load_s']['embedded']:.1f}× | "
                     + " | ".join(f"{x:.1f}×" for x in ratios) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks servers")
    ap.add_argument("--triples", default="1000000", help="comma-separated sizes (quads)")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)
    run([int(float(x)) for x in args.triples.split(",")], args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
