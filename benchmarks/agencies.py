"""The agencies list at 100 k measures (issue 18): GET /api/agencies from the counts kept with each
document's rows, beside reading every row as the list did before, on the same index.

    python -m benchmarks agencies                       # 100,000 measures
    python -m benchmarks agencies --measures 20000 --runs 50

The index holds the rows the knowledge base indexes for the bundled corpus
(``rows_from_store`` of the corpus built into a knowledge base), copied under
new document names (``c0001_…``) until it holds ``--measures`` rows, each
copy tokenised once; it is built once and kept under benchmarks/out/agencies/.

Timed, medians over ``--runs`` after one warm call, for every place and for one:
the counts summed (what the first call after a change pays), ``MeasureIndex.agencies()``
(the list kept until the index changes), the route's whole body after a change
(summed and rendered; beside it, the same through FastAPI's encoder, as a route
returning the dict renders it); the reference, every row read back from
tantivy and counted, the list's way before. Goal: the list under 20 ms.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "agencies"
BATCH = 100  # documents per index commit


def corpus_rows() -> dict[str, list[dict]]:
    """The rows the knowledge base indexes for the corpus, by document."""
    from api.settings import Settings
    from kg.build.ops import build
    from kg.search.rows import rows_from_store
    from kg.store import open_store

    kb = OUT / "corpus-kb"
    if not (kb / "kb.json").is_file():
        shutil.rmtree(kb, ignore_errors=True)
        build([ROOT / "corpus"], Settings.from_env(env={}, kb_dir=kb, validate=False))
    with open_store(kb) as store:
        return rows_from_store(store)


def index_of(measures: int):
    """A ``MeasureIndex`` of about ``measures`` rows (built once, kept)."""
    from kg.search.index import MeasureIndex, row_digest, token_fields
    from kg.search.tokenizer import tokenizer

    tok = tokenizer(str(ROOT / "ontology"))
    path = OUT / f"index-{measures}"
    if (path / "built").is_file():
        return MeasureIndex.open(path, tok)
    rows = corpus_rows()
    fields = {doc: [token_fields(tok, r) for r in rs] for doc, rs in rows.items()}
    index = MeasureIndex.create(path, tok)
    held, n, copy = 0, 0, 0
    while held < measures:
        copy += 1
        changed, keys, done = {}, {}, {}
        for doc, rs in rows.items():
            name = f"c{copy:04d}_{doc}"
            changed[name] = [{**r, "doc": name, "id": r["id"].replace(doc, name)} for r in rs]
            keys[name], done[name] = row_digest(changed[name]), fields[doc]
            held += len(rs)
        index.apply(changed, [], keys, fields=done)
        n += len(changed)
    (path / "built").write_text(f"{held} rows, {n} documents\n", encoding="utf-8")
    return index


def every_row(index, place: str | None) -> list[dict]:
    """The list as it was made before: every row read back from the index and counted (by body, as
    ``kg.search.index.agency_counts`` counts: the body's IRI where the registry resolved the name, else the name
    and its document's place; two names of one body in one measure count it once)."""
    import tantivy

    counts: dict[str, dict] = {}
    for h in index.run(tantivy.Query.all_query(), 10_000_000):
        row = h.row
        if place and place not in row.get("places", []):
            continue
        jurisdiction = row.get("jurisdiction")
        for role in ("lead", "support"):
            names = row.get(role, [])
            seen = set()
            for name, agent in zip(names, row.get(role + "_agents") or [None] * len(names)):
                key = agent or f"{name}|{jurisdiction or ''}"
                e = counts.setdefault(key, {"key": key, "place": jurisdiction, "lead": 0, "support": 0,
                                            "names": {}, "documents": set()})
                e["names"][name] = e["names"].get(name, 0) + 1
                e["documents"].add(row["doc"])
                if key not in seen:
                    seen.add(key)
                    e[role] += 1
    out = []
    for e in counts.values():
        names = sorted(e["names"], key=lambda n: (-e["names"][n], n))
        out.append({"key": e["key"], "name": names[0], "names": names, "place": e["place"], "lead": e["lead"],
                    "support": e["support"], "total": e["lead"] + e["support"], "documents": sorted(e["documents"])})
    out.sort(key=lambda e: (-e["total"], e["place"] or "", e["name"]))
    return out


def body(index, place: str | None) -> bytes:
    """GET /api/agencies's body after a change: the list summed and rendered as the route renders it."""
    from fastapi.responses import JSONResponse

    return JSONResponse({"agencies": index._sum_agencies(place)}).body


def encoded_body(index, place: str | None) -> bytes:
    """The same, through FastAPI's encoder, as a route returning the dict would render it."""
    from fastapi.encoders import jsonable_encoder

    return json.dumps(jsonable_encoder({"agencies": index._sum_agencies(place)}), ensure_ascii=False).encode("utf-8")


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks agencies", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=100_000, help="rows in the index")
    ap.add_argument("--runs", type=int, default=20, help="timed calls of each")
    ap.add_argument("--reference-runs", type=int, default=1, help="timed calls of the every-row reference")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    index = index_of(args.measures)
    n_rows, n_docs = index.count(), len(index.settings.get("keys", {}))
    agencies = index.agencies()
    assert agencies == every_row(index, None), "the counts kept with the rows differ from counting the rows"
    place = "苏州市"
    lines = [f"{n_rows:,} measures in {n_docs:,} documents, {len(agencies)} agencies", "",
             "| agencies list | all places ms | one place (苏州市) ms |", "|---|---|---|",
             f"| counts kept with the rows, summed (the first call after a change) | "
             f"{median_ms(lambda: index._sum_agencies(None), args.runs):.1f} | "
             f"{median_ms(lambda: index._sum_agencies(place), args.runs):.1f} |",
             f"| `MeasureIndex.agencies` (kept until the index changes) | {median_ms(index.agencies, args.runs):.1f} | "
             f"{median_ms(lambda: index.agencies(place), args.runs):.1f} |",
             f"| … summed and the route's JSON body | {median_ms(lambda: body(index, None), args.runs):.1f} | "
             f"{median_ms(lambda: body(index, place), args.runs):.1f} |",
             f"| … the body through FastAPI's encoder (a returned dict) | "
             f"{median_ms(lambda: encoded_body(index, None), args.runs):.1f} | "
             f"{median_ms(lambda: encoded_body(index, place), args.runs):.1f} |",
             f"| every row read and counted (before) | "
             f"{median_ms(lambda: every_row(index, None), args.reference_runs):.1f} | "
             f"{median_ms(lambda: every_row(index, place), args.reference_runs):.1f} |"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
