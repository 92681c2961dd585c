"""Knowledge-base store benchmark (issue 9): build, memory, size, open, three queries, Turtle export.

    python -m benchmarks store                       # corpus, 1M-triple and 100 k-measure sizes
    python -m benchmarks store --sizes corpus,100000,laws,1000000 --workers 2

A size is a number of measures (or ``corpus``: the five bundled documents,
``laws``: the corpus and all 2,594 laws of ../shared/scale/laws/). Real text
first: the corpus, then the laws in order; past them, synthetic documents
recombining corpus sentences (``benchmarks.synthetic``). Every size is built
by ``policykg build`` in a child process (extraction, graph, hierarchy, audit
links; validation off, its cost is measured on the corpus apart), while a
sampler adds up the resident memory of the process tree.

Measured beside their references: the build against jieba's tokenisation
of the same text (goal: at most 3×); the three typical queries through
``kg.store`` against the same queries on pyoxigraph directly (goal: at most
1.5×, and under 50 ms at about 1 M triples); open time (goal: under 2 s);
Turtle export (goal: under 5 s at about 1 M triples).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LAW_MEASURES = 110  # measures the extractor finds in a law, on average (for choosing how many to take)
SYN_MEASURES = 73  # the same for a synthetic document
CORPUS_MEASURES = 384


def shared_dir() -> Path:
    if os.environ.get("POLICYKG_SHARED"):
        return Path(os.environ["POLICYKG_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "scale").is_dir():
            return parent / "shared"
    raise SystemExit("../shared/scale/laws not found: set POLICYKG_SHARED")


def parse_size(text: str) -> tuple[str, int | None]:
    named = {"corpus": CORPUS_MEASURES, "laws": None, "1mtriples": 36000}
    if text in named:
        return text, named[text]
    return text, int(float(text))


def inputs(size: int | None, work: Path) -> list[Path]:
    """The files of one size: corpus, then laws, then synthetic documents."""
    from .synthetic import write_documents

    files = sorted((ROOT / "corpus").glob("*.txt"))
    laws = sorted((shared_dir() / "scale" / "laws").glob("law*.md"))
    if size is None:
        return files + laws
    rest = size - CORPUS_MEASURES
    if rest <= 0:
        return files
    n_laws = min(len(laws), math.ceil(rest / LAW_MEASURES))
    files += laws[:n_laws]
    rest -= n_laws * LAW_MEASURES
    if rest > 0:
        files += write_documents(work / "synthetic", ROOT / "corpus", math.ceil(rest / SYN_MEASURES))
    return files


# ---------------------------------------------------------------- measuring

class TreeMemory:
    """Peak resident memory of a process and its descendants (sampled every 0.2 s from /proc)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            time.sleep(0.2)


def _tree_rss(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(d))
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total


def build(files: list[Path], kb: Path, workers: int) -> dict:
    listing = kb.parent / f"{kb.name}.files"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    env = {**os.environ, "POLICYKG_VALIDATE": "0", "POLICYKG_WORKERS": str(workers), "POLICYKG_KB_DIR": str(kb)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.store", "_build", str(listing)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with TreeMemory(proc.pid) as mem:
        out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {err.decode()[-2000:]}")
    result = json.loads(out)
    result.update(build_s=seconds, peak_rss=mem.peak)
    return result


def _build_child(listing: str) -> None:
    from api.settings import Settings
    from kg.build.ops import build as build_kb

    files = [Path(line) for line in Path(listing).read_text(encoding="utf-8").splitlines() if line]
    outcome = build_kb(files, Settings.from_env())
    print(json.dumps(outcome.to_json()))


def jieba_seconds(files: list[Path], max_chars: int) -> tuple[float, int, bool]:
    """jieba.lcut over the files' text (a spread sample past ``max_chars``, scaled up): seconds, chars, sampled."""
    code = """
import sys, time, json, jieba
jieba.setLogLevel(60); jieba.initialize()
paths = sys.stdin.read().split("\\n")
text = [open(p, encoding="utf-8", errors="replace").read() for p in paths if p]
t = time.perf_counter()
for chunk in text:
    jieba.lcut(chunk)
print(json.dumps({"s": time.perf_counter() - t, "chars": sum(map(len, text))}))
"""
    sizes = [(f, f.stat().st_size) for f in files]
    total_bytes = sum(s for _, s in sizes)
    sample = [f for f, _ in sizes]
    sampled = False
    approx_chars = total_bytes / 3
    if approx_chars > max_chars:
        step = math.ceil(approx_chars / max_chars)
        sample = [f for i, (f, _) in enumerate(sizes) if i % step == 0]
        sampled = True
    r = subprocess.run([sys.executable, "-c", code], input="\n".join(map(str, sample)), capture_output=True,
                       text=True, check=True)
    got = json.loads(r.stdout)
    chars_all = sum(len(f.read_text(encoding="utf-8", errors="replace")) for f in files) if sampled else got["chars"]
    return got["s"] * chars_all / max(1, got["chars"]), chars_all, sampled


def open_seconds(kb: Path) -> float:
    code = f"""
import time
from kg.store import open_store
t = time.perf_counter()
s = open_store({str(kb)!r})
s.query("SELECT ?d WHERE {{ ?d a <https://w3id.org/policykg/ns#PolicyDocument> }} LIMIT 1")
print(time.perf_counter() - t)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(r.stdout.strip())


QUERIES = {
    "agency_due": """SELECT ?m ?text ?due WHERE {{ ?m pkg:lead <{agency}> ; pkg:due ?due ; pkg:text ?text .
        FILTER(?due <= "2025-12-31"^^xsd:date) }} ORDER BY ?due LIMIT 100""",
    "per_agency": """SELECT ?a (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m pkg:lead ?a }} GROUP BY ?a ORDER BY DESC(?n)""",
    "two_hop": """SELECT ?p ?ps ?g ?gs WHERE {{ <{measure}> prov:qualifiedDerivation ?l . ?l prov:entity ?p ; pkg:score ?ps .
        OPTIONAL {{ ?p prov:qualifiedDerivation ?l2 . ?l2 prov:entity ?g ; pkg:score ?gs }} }}""",
}


def query_medians(kb: Path, runs: int) -> dict:
    import pyoxigraph as ox

    from kg.store import open_store
    from kg.vocab import PREFIXES

    store = open_store(kb)
    direct = ox.Store.read_only(str(kb / "store" / store.info["current"]))
    rows = store.query("SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m pkg:lead ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 1")
    agency = str(rows.rows[0][0]) if rows.rows else "urn:none"
    rows = store.query("""SELECT ?m (COUNT(?g) AS ?n) WHERE { ?m prov:wasDerivedFrom ?p . ?p prov:wasDerivedFrom ?g }
                          GROUP BY ?m ORDER BY ?n ?m""")
    measure = str(rows.rows[len(rows.rows) // 2][0]) if rows.rows else "urn:none"  # a typical one: the median
    out = {}
    for name, template in QUERIES.items():
        q = template.format(agency=agency, measure=measure)

        def ours():
            return len(store.query(q))

        def raw():
            n = 0
            for sol in direct.query(q, use_default_graph_as_union=True, prefixes=PREFIXES):
                for v in sol:
                    _ = v
                n += 1
            return n

        ours(), raw()  # warm both
        t_ours, t_raw = [], []
        for i in range(runs):  # interleaved, alternating which goes first, so load on the machine hits both alike
            for f, times in ((ours, t_ours), (raw, t_raw)) if i % 2 == 0 else ((raw, t_raw), (ours, t_ours)):
                t = time.perf_counter()
                n = f()
                times.append(time.perf_counter() - t)
                if f is ours:
                    rows_ours = n
        out[name] = {"ours_ms": 1000 * statistics.median(t_ours), "direct_ms": 1000 * statistics.median(t_raw),
                     "rows": rows_ours}
    store.close()
    return out


def export_seconds(kb: Path, target: Path) -> tuple[float, int]:
    from kg.store import open_store

    with open_store(kb) as store, open(target, "wb") as fh:
        t = time.perf_counter()
        store.export(fh, "ttl")
        return time.perf_counter() - t, target.stat().st_size


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def validation_rate(kb: Path) -> float:
    """Triples a second pyshacl checks, on the corpus's graph (``validate`` is off in the timed builds)."""
    from api.settings import Settings
    from kg.build.workers import Workshop
    from extract import extract_file

    shop = Workshop(Settings.from_env(validate=True))
    doc = extract_file(ROOT / "corpus" / "000_a96bc2db90b64911.txt", shop.resources)
    from kg.build.graph import document_graph

    triples = document_graph(doc, shop.ctx).triples
    t = time.perf_counter()
    shop.validator.validate(triples)
    return len(triples) / (time.perf_counter() - t)


# ---------------------------------------------------------------- the run

def run(sizes: list[str], workers: int, runs: int, keep: bool) -> list[dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for label in sizes:
        name, size = parse_size(label)
        work = OUT / "work"
        work.mkdir(parents=True, exist_ok=True)
        files = inputs(size, work)
        kb = Path(tempfile.mkdtemp(prefix=f"kb-{name}-", dir=OUT))
        print(f"[{name}] {len(files)} files: building …", file=sys.stderr, flush=True)
        b = build(files, kb, workers)
        print(f"[{name}] built in {b['build_s']:.1f} s; jieba …", file=sys.stderr, flush=True)
        j_s, chars, sampled = jieba_seconds(files, max_chars=6_000_000)
        gen = kb / "store" / json.loads((kb / "kb.json").read_text())["current"]
        print(f"[{name}] queries …", file=sys.stderr, flush=True)
        r = {"size": name, "files": len(files), "documents": b["documents"], "measures": b["measures"],
             "links": b["links"], "quads": b["quads"], "refused": len(b["refused"]), "cpu": b.get("cpu", {}), "chars": chars, "build_s": b["build_s"],
             "jieba_s": j_s, "jieba_sampled": sampled, "peak_rss_mb": b["peak_rss"] / 2**20,
             "kb_mb": du(gen) / 2**20, "open_s": open_seconds(kb), "queries": query_medians(kb, runs)}
        ttl = kb.parent / f"{kb.name}.ttl"
        r["export_ttl_s"], size_b = export_seconds(kb, ttl)
        r["export_ttl_mb"] = size_b / 2**20
        ttl.unlink()
        results.append(r)
        print(table([r]), file=sys.stderr, flush=True)
        if not keep:
            import shutil

            shutil.rmtree(kb, ignore_errors=True)
            (kb.parent / f"{kb.name}.files").unlink(missing_ok=True)
    return results


def table(results: list[dict]) -> str:
    head = ("size", "docs (refused)", "measures", "quads", "build s", "jieba s", "×jieba", "extract / kg cpu s",
            "peak MB", "KB MB", "open s",
            "agency+due ms (direct)", "per agency ms (direct)", "2-hop ms (direct)", "ttl s")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        q = r["queries"]
        cell = lambda k: f"{q[k]['ours_ms']:.1f} ({q[k]['direct_ms']:.1f})"  # noqa: E731
        lines.append("| " + " | ".join([
            r["size"], f"{r['documents']:,} ({r.get('refused', 0)})", f"{r['measures']:,}", f"{r['quads']:,}", f"{r['build_s']:.1f}",
            f"{r['jieba_s']:.1f}" + ("*" if r["jieba_sampled"] else ""), f"{r['build_s'] / r['jieba_s']:.2f}",
            f"{r['cpu'].get('extract', 0):.0f} / "
            f"{sum(v for k, v in r['cpu'].items() if k in ('graph', 'link', 'hierarchy', 'validate')):.0f}",
            f"{r['peak_rss_mb']:.0f}", f"{r['kb_mb']:.0f}", f"{r['open_s']:.2f}", cell("agency_due"),
            cell("per_agency"), cell("two_hop"), f"{r['export_ttl_s']:.1f}"]) + " |")
    return "\n".join(lines)


def growth(results: list[dict]) -> str:
    lines = []
    for a, b in zip(results, results[1:]):
        f = b["quads"] / max(1, a["quads"])
        lines.append(f"{a['size']} → {b['size']}: quads ×{f:.1f}, build ×{b['build_s'] / a['build_s']:.1f}, "
                     f"KB ×{b['kb_mb'] / max(a['kb_mb'], 1e-9):.1f}, open ×{b['open_s'] / a['open_s']:.1f}, "
                     + ", ".join(f"{k} ×{b['queries'][k]['ours_ms'] / max(a['queries'][k]['ours_ms'], 1e-9):.1f}"
                                 for k in QUERIES)
                     + f", ttl ×{b['export_ttl_s'] / max(a['export_ttl_s'], 1e-9):.1f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["_build"]:
        _build_child(argv[1])
        return 0
    ap = argparse.ArgumentParser(prog="python -m benchmarks store", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="corpus,1mtriples,100000",
                    help="comma-separated: corpus, 1mtriples (≈36 k measures of corpus and laws), laws, or a number of measures")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query")
    ap.add_argument("--keep", action="store_true", help="keep the knowledge bases under benchmarks/out/")
    args = ap.parse_args(argv)
    results = run(args.sizes.split(","), args.workers, args.runs, args.keep)
    print(table(results))
    if len(results) > 1:
        print("\ngrowth:\n" + growth(results))
    print(f"\nSHACL validation (pyshacl, off in these builds): {validation_rate(ROOT):,.0f} triples/s on the corpus")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"store-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
