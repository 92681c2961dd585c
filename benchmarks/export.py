"""Exports and the graph view at a city's size (issue 18): every export format and a depth-2 graph of the
busiest agency, beside the Turtle export of the same knowledge base in the same run.

    python -m benchmarks export                      # 45, 200 and 1,000 documents
    python -m benchmarks export --sizes 45,200 --runs 2

One city's knowledge base: the real documents of 苏州 the project holds (the
bundled corpus, with its manifest, and 吴中, 昆山 and 太仓 of
../shared/devset2), topped up with the corpus under new names (``c001_…``),
each copy in the hierarchy its manifest gives, under its own copy of the plan
(with every copy of the plan a candidate parent of every copy of the annual
plan, linking would grow with the square of the copies). The real documents'
parents are the ones inferred among them alone. Each file is extracted once
and its records copied under the new names, so a build costs the graph, the
links and the load, not the extraction; the knowledge bases are kept under
benchmarks/out/export/ (delete one to rebuild it).

Each export runs ``--runs`` times, each in a fresh process (``export()`` into
a file): wall and CPU seconds of the export alone, the least of the runs, and
the process's peak resident memory, the most of the runs, beside its memory
before the export (interpreter and imports). The graph view is
``GET /api/graph?node=…&depth=2`` through the app (TestClient) for the agency
that leads and supports most measures: first with the graph's table caught up
from nothing (what a server pays once for a knowledge base, then per write
only for the graphs written), then the median of ten requests.

Goals: each property-graph export within 3× the Turtle export's time, memory
flat in the document count, the graph view under 200 ms.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "export"
SIZES = (45, 200, 1000)
# the documents of 苏州 among ../shared/devset2 (吴中区, 昆山市, 太仓市)
DEVSET2 = ("h16_wuzhong_gongzuobaogao.txt", "h17_kunshan_kongqi.txt", "h18_kunshan_meili_fanti.txt",
           "h19_kunshan_meili_xinwen.txt", "h20_taicang_2018_mubiao.txt")


def shared_dir() -> Path:
    from .store import shared_dir as find

    return find()


def settings_for(kb: Path):
    from api.settings import Settings

    return Settings.from_env(env={}, kb_dir=kb, validate=False, lock_timeout=60)


# ---------------------------------------------------------------- the knowledge bases

def renamed(doc, prefix: str):
    """The same records under another file name (measure ids follow the file's stem)."""
    stem, new_stem = Path(doc.name).stem, Path(prefix + doc.name).stem
    measures = tuple(dataclasses.replace(m, id=new_stem + m.id[len(stem):] if m.id.startswith(stem) else prefix + m.id)
                     for m in doc.measures)
    return dataclasses.replace(doc, name=prefix + doc.name, measures=measures)


def real_documents():
    """(the corpus's records with its manifest applied, its declared parents, devset2's records of 苏州)."""
    from extract import Resources, extract_file
    from kg.build.ops import read_manifest

    res = Resources.from_dir(ROOT / "ontology")
    manifest = read_manifest(ROOT / "corpus")
    corpus, parents = [], {}
    for entry in manifest.values():  # the manifest's order: a plan before what carries it out
        overrides = {k: v for k, v in entry.items() if k not in ("file", "parents")}
        corpus.append(extract_file(ROOT / "corpus" / entry["file"], res, overrides=overrides))
        parents[entry["file"]] = tuple(entry.get("parents", ()))
    devset2 = [extract_file(shared_dir() / "devset2" / "docs" / name, res) for name in DEVSET2]
    return corpus, parents, devset2


def city(size: int, real) -> Path:
    """The knowledge base of ``size`` documents (built once, kept)."""
    from kg.build.ops import build_documents
    from kg.service import KnowledgeBase

    kb = OUT / f"docs-{size}" / "kb"
    done = kb.parent / "built.json"
    if done.is_file() and (kb / "kb.json").is_file():
        return kb
    corpus, parents, devset2 = real
    # the real documents' own hierarchy, inferred among them alone
    alone = OUT / "real" / "kb"
    if not (alone / "kb.json").is_file():
        shutil.rmtree(alone.parent, ignore_errors=True)
        build_documents(corpus + devset2, settings_for(alone), parents=parents)
    declared = dict(parents)
    for h in KnowledgeBase(settings_for(alone))._hierarchy():
        if h["child"] in DEVSET2:
            declared[h["child"]] = declared.get(h["child"], ()) + (h["parent"],)
    declared.update({d.name: declared.get(d.name, ()) for d in devset2})
    docs = corpus + devset2
    n = 0
    while len(docs) < size:
        n += 1
        prefix = f"c{n:03d}_"
        for d in corpus[:size - len(docs)]:
            docs.append(renamed(d, prefix))
            declared[prefix + d.name] = tuple(prefix + p for p in parents[d.name])
    shutil.rmtree(kb.parent, ignore_errors=True)
    started = time.perf_counter()
    outcome = build_documents(docs, settings_for(kb), parents=declared)
    summary = {k: v for k, v in outcome.to_json().items() if k != "written"}
    done.write_text(json.dumps({**summary, "build_s": time.perf_counter() - started}), encoding="utf-8")
    return kb


# ---------------------------------------------------------------- measuring, each in a fresh process

def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would count the forking parent's too)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _export_child(kb: str, fmt: str, out: str) -> dict:
    from kg.export import export
    from kg.store import open_store

    store = open_store(kb)
    store.graphs()
    before = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    written = export(store, fmt, Path(out))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = sum(p.stat().st_size for p in ([written] if written.is_file() else written.rglob("*")) if p.is_file())
    return {"wall": wall, "cpu": cpu, "before_mb": before, "peak_mb": _peak_mb(), "bytes": size}


def _graph_child(kb: str, runs: int) -> dict:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from kg.export.graph_index import FILE
    from kg.service import KnowledgeBase

    (Path(kb) / FILE).unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        (Path(kb) / (FILE + extra)).unlink(missing_ok=True)
    settings = settings_for(Path(kb))
    knowledge = KnowledgeBase(settings)
    with TestClient(create_app(knowledge, settings), base_url="http://localhost") as client:  # an allowed host
        before = _rss_mb()
        t = time.perf_counter()
        index = knowledge.graph_index()  # the table caught up from nothing
        catch_up = time.perf_counter() - t
        (busiest, n), = index.query("SELECT o, COUNT(*) FROM edges WHERE relation IN ('LEAD', 'SUPPORT') "
                                    "GROUP BY o ORDER BY COUNT(*) DESC LIMIT 1")
        label = index.nodes([busiest])[busiest]["label"]
        params = {"node": label, "depth": 2}
        times, cpu, body = [], [], None
        for _ in range(runs + 1):
            t, c = time.perf_counter(), time.process_time()
            r = client.get("/api/graph", params=params)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            assert r.status_code == 200, r.text
            body = r.json()
    return {"agency": label, "measures": n, "catch_up_s": catch_up, "first_ms": times[0] * 1000,
            "median_ms": statistics.median(times[1:]) * 1000, "median_cpu_ms": statistics.median(cpu[1:]) * 1000,
            "nodes": len(body["elements"]["nodes"]),
            "edges": len(body["elements"]["edges"]), "truncated": body["truncated"], "before_mb": before,
            "peak_mb": _peak_mb()}


def child(*args: str) -> dict:
    r = subprocess.run([sys.executable, "-m", "benchmarks.export", *args], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    if r.returncode != 0:
        raise SystemExit(f"benchmark child {args[:2]} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def measure(kb: Path, runs: int) -> dict:
    from kg.export import FORMATS

    out = {}
    scratch = kb.parent / "scratch"
    for fmt in FORMATS:
        results = []
        for _ in range(runs):
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir()
            results.append(child("_export", str(kb), fmt, str(scratch / f"kb.{fmt}")))
        out[fmt] = {"wall": min(r["wall"] for r in results), "cpu": min(r["cpu"] for r in results),
                    "before_mb": min(r["before_mb"] for r in results), "peak_mb": max(r["peak_mb"] for r in results),
                    "bytes": results[0]["bytes"]}
    shutil.rmtree(scratch, ignore_errors=True)
    out["graph"] = child("_graph", str(kb), "10")
    return out


# ---------------------------------------------------------------- report

def table(results: list[dict]) -> str:
    lines = ["| docs | measures | quads | export | wall s | CPU s | × Turtle (wall / CPU) | MB before → peak | output MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ttl = r["exports"]["ttl"]
        for fmt, e in r["exports"].items():
            if fmt == "graph":
                continue
            lines.append(f"| {r['docs']:,} | {r['measures']:,} | {r['quads']:,} | {fmt} | {e['wall']:.2f} | "
                         f"{e['cpu']:.2f} | {e['wall'] / ttl['wall']:.2f} / {e['cpu'] / ttl['cpu']:.2f} | "
                         f"{e['before_mb']:.0f} → {e['peak_mb']:.0f} | {e['bytes'] / 2**20:.1f} |")
    lines += ["", "| docs | graph view: depth 2 of | its measures | table catch-up s | first ms | median ms (CPU) | "
                  "nodes (truncated) | edges | MB before → peak |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        g = r["exports"]["graph"]
        lines.append(f"| {r['docs']:,} | {g['agency']} | {g['measures']:,} | {g['catch_up_s']:.1f} | "
                     f"{g['first_ms']:.0f} | {g['median_ms']:.0f} ({g['median_cpu_ms']:.0f}) | {g['nodes']:,} ({'yes' if g['truncated'] else 'no'}) | "
                     f"{g['edges']:,} | {g['before_mb']:.0f} → {g['peak_mb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["_export"]:
        print(json.dumps(_export_child(*argv[1:4])))
        return 0
    if argv[:1] == ["_graph"]:
        print(json.dumps(_graph_child(argv[1], int(argv[2]))))
        return 0
    ap = argparse.ArgumentParser(prog="python -m benchmarks export", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated numbers of documents")
    ap.add_argument("--runs", type=int, default=1, help="runs of each export (the least time is reported)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    real = real_documents()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        kb = city(size, real)
        built = json.loads((kb.parent / "built.json").read_text(encoding="utf-8"))
        print(f"{size} documents: {built['measures']:,} measures, {built['quads']:,} quads "
              f"(built in {built['build_s']:.0f} s)", file=sys.stderr, flush=True)
        results.append({"docs": built["documents"], "measures": built["measures"], "quads": built["quads"],
                        "exports": measure(kb, args.runs)})
        print(table(results[-1:]), file=sys.stderr, flush=True)
    print(table(results))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"export-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
