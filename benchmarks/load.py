"""Load (issue 6): many clients at once against a real ``policykg serve`` on loopback, while documents are uploaded.

    python -m benchmarks load                        # 50 clients for 60 s
    python -m benchmarks load --clients 20 --seconds 15
    python -m benchmarks load --hostile              # the same twice: alone, then beside the hostile mix

The server is started here on a free loopback port, over a copy of the
corpus knowledge base (built once under benchmarks/out/load/, then copied for
every run, since the run writes to it). ``--clients`` asyncio clients (httpx)
send requests back to back for ``--seconds`` seconds, each request drawn
from a seeded mix of the four read kinds:

* ``search``: GET /api/search with one of the search benchmark's 30 queries;
* ``ask``: GET /api/ask with the same queries;
* ``trace``: GET /api/trace for a measure of the corpus (its document and the
  start of its text, taken from /api/measures before the clock starts);
* ``sparql``: GET /sparql with one of a few small queries (counts, an
  agency's measures, a text filter), each run in its own child process.

Meanwhile one more client uploads a corpus document under a new name, then
deletes it, again and again (``upload`` and ``delete`` rows): every upload is
extracted, written, linked and indexed while the readers read. An error is
any response that is not 2xx, or no response within 60 s. The table gives,
per kind, requests, errors, median and 99th-percentile latency and
throughput; the command exits 1 on any error, printing the first few.

``--hostile`` (issue 18) runs the same clients twice on fresh servers: alone, then beside the
hostile mix of ``benchmarks/hostile.py`` (cross-product SPARQL queries, 1,000 idle connections,
unauthenticated 32 MB uploads). It prints both tables, what the attackers got, and the peak
resident memory of the server's processes in each run; it exits 1 unless the ordinary clients had
no error, their p99 stayed within 2× of the run alone and the server's processes stayed under 2 GB.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "load"
CORPUS = ROOT / "corpus"
ONTOLOGY = ROOT / "ontology"
KEY = "load-benchmark-key"
UPLOAD_FROM = "002_67f8289a9b82292a.txt"  # a corpus document, uploaded again under another name
SEED = 6
READS = ("search", "ask", "trace", "sparql")
PREFIX = "PREFIX pkg: <https://w3id.org/policykg/ns#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
SPARQL = [
    "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Measure }",
    "SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m pkg:lead ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 10",
    "SELECT ?id ?text WHERE { ?m a pkg:Measure ; dcterms:identifier ?id ; pkg:sourceText ?text . "
    "FILTER(CONTAINS(?text, \"岸电\")) } ORDER BY ?id",
    "ASK { ?m a pkg:Measure ; pkg:deadline ?d }",
]


# ---------------------------------------------------------------- the server

def base_kb() -> Path:
    """The corpus built once (without SHACL validation: the same graph, sooner) and kept under OUT."""
    kb = OUT / "kb-base"
    if not (kb / "kb.json").exists():
        from api.settings import Settings
        from kg.service import KnowledgeBase

        print("building the corpus knowledge base once …", file=sys.stderr, flush=True)
        shutil.rmtree(kb, ignore_errors=True)
        KnowledgeBase(Settings.from_env(env={}, kb_dir=kb, ontology_dir=ONTOLOGY, validate=False)).build([CORPUS])
    return kb


SETTINGS = {"POLICYKG_ONTOLOGY_DIR": str(ONTOLOGY), "POLICYKG_CORPUS_DIR": str(CORPUS), "POLICYKG_API_KEY": KEY,
            "POLICYKG_VALIDATE": "0", "POLICYKG_LOCK_TIMEOUT": "120"}


def serve(kb: Path, log: Path):
    """``policykg serve`` (this checkout's code) on a free loopback port; yields its URL, stops it after."""
    from api.launch import serving

    return serving({"POLICYKG_KB_DIR": str(kb), **SETTINGS}, log, wait=120)


# ---------------------------------------------------------------- the clients

class Tally:
    """Latencies and errors by kind; the first errors kept as samples."""

    def __init__(self):
        self.seconds: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        self.seconds.setdefault(kind, []).append(seconds)
        if error:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {error}")


async def timed(client, tally: Tally, kind: str, method: str, url: str, **kw):
    started = time.perf_counter()
    error = None
    response = None
    try:
        response = await client.request(method, url, **kw)
        if not 200 <= response.status_code < 300:
            error = f"{method} {url} → {response.status_code} {response.text[:200]}"
    except Exception as exc:  # a timeout or a dropped connection is an error of the run, not a crash
        error = f"{method} {url} → {type(exc).__name__}: {exc}"
    tally.add(kind, time.perf_counter() - started, error)
    return response


def requests_for(traces: list[tuple[str, str]]):
    from .search import QUERIES

    return {
        "search": [("/api/search", {"q": q}) for q in QUERIES],
        "ask": [("/api/ask", {"q": q}) for q in QUERIES],
        "trace": [("/api/trace", {"doc": d, "contains": c}) for d, c in traces],
        "sparql": [("/sparql", {"query": PREFIX + q}) for q in SPARQL],
    }


async def reader(client, tally: Tally, plan: dict, rng: random.Random, stop: float) -> None:
    while time.monotonic() < stop:
        kind = rng.choice(READS)
        path, params = rng.choice(plan[kind])
        await timed(client, tally, kind, "GET", path, params=params)


async def uploader(client, tally: Tally, stop: float) -> int:
    """Upload a document, delete it, again, until ``stop``; the number of uploads done."""
    data = (CORPUS / UPLOAD_FROM).read_bytes()
    n = 0
    while time.monotonic() < stop:
        name = f"load-{n:03d}-{UPLOAD_FROM}"
        r = await timed(client, tally, "upload", "POST", "/api/documents", files={"file": (name, data)},
                        headers={"X-API-Key": KEY})
        n += 1
        if r is not None and r.status_code == 201:
            await timed(client, tally, "delete", "DELETE", f"/api/documents/{name}", headers={"X-API-Key": KEY})
    return n


async def trace_pairs(client, n: int = 40) -> list[tuple[str, str]]:
    """(document, start of a measure's text) pairs the server traces, taken from /api/measures."""
    body = (await client.get("/api/measures", params={"limit": 500})).json()
    rng = random.Random(SEED)
    measures = [m for m in body["measures"] if len(m["text"]) >= 12]
    pairs = []
    for m in rng.sample(measures, min(len(measures), n * 2)):
        pair = (m["doc"], m["text"][:12])
        if (await client.get("/api/trace", params={"doc": pair[0], "contains": pair[1]})).status_code == 200:
            pairs.append(pair)
        if len(pairs) == n:
            break
    return pairs


async def run(url: str, clients: int, seconds: float, uploads: bool = True, others=()) -> tuple[Tally, float, int]:
    """The clients for ``seconds`` seconds; ``others``: coroutine functions of the stop time run beside them
    (the hostile mix, a memory watch)."""
    import httpx

    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        plan = requests_for(await trace_pairs(client))
        tally = Tally()
        started = time.monotonic()
        stop = started + seconds
        rngs = [random.Random(SEED * 1000 + i) for i in range(clients)]
        readers = [reader(client, tally, plan, rng, stop) for rng in rngs]
        writers = [uploader(client, tally, stop)] if uploads else []
        besides = [other(stop) for other in others]
        results = await asyncio.gather(*readers, *writers, *besides)
        return tally, time.monotonic() - started, results[len(readers)] if uploads else 0


# ---------------------------------------------------------------- the table

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def table(tally: Tally, elapsed: float) -> str:
    head = ("kind", "requests", "errors", "p50 ms", "p99 ms", "req/s")
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    kinds = [k for k in READS + ("upload", "delete") if k in tally.seconds]
    everything = [s for k in kinds for s in tally.seconds[k]]
    for kind, values in [(k, tally.seconds[k]) for k in kinds] + [("all", everything)]:
        errors = sum(tally.errors.values()) if kind == "all" else tally.errors.get(kind, 0)
        lines.append(f"| {kind} | {len(values):,} | {errors} | {statistics.median(values) * 1000:.0f} | "
                     f"{percentile(values, 0.99) * 1000:.0f} | {len(values) / elapsed:.1f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks load", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50, help="concurrent reading clients")
    ap.add_argument("--seconds", type=float, default=60, help="how long the clients read (at most 120)")
    ap.add_argument("--no-uploads", action="store_true", help="readers only (a baseline for the run with uploads)")
    ap.add_argument("--hostile", action="store_true", help="run twice: alone, then beside the hostile mix")
    args = ap.parse_args(argv)
    seconds = min(args.seconds, 120.0)
    if args.hostile:
        return hostile_main(args.clients, seconds, not args.no_uploads)
    with tempfile.TemporaryDirectory(prefix="policykg-load-") as tmp:
        kb = Path(tmp) / "kb"
        shutil.copytree(base_kb(), kb, ignore=shutil.ignore_patterns("write.lock", "*.readers"))
        with serve(kb, Path(tmp) / "serve.log") as url:
            print(f"{args.clients} clients for {seconds:g} s against {url}, uploads running …", file=sys.stderr,
                  flush=True)
            tally, elapsed, uploads = asyncio.run(run(url, args.clients, seconds, not args.no_uploads))
    print(table(tally, elapsed))
    print()
    errors = sum(tally.errors.values())
    print(f"{args.clients} clients, {elapsed:.1f} s, {uploads} uploads of {UPLOAD_FROM} (each then deleted), "
          f"{errors} errors")
    for sample in tally.samples:
        print("  " + sample, file=sys.stderr)
    return 1 if errors else 0


# ---------------------------------------------------------------- beside the hostile mix (issue 18)

def measured_run(clients: int, seconds: float, uploads: bool, hostile: bool):
    """One run on a fresh server: (tally, elapsed, uploads, attackers' counts, peak memory in bytes)."""
    from api.launch import start, stop

    from . import hostile as mix

    counts = mix.Counts()
    attackers = None
    with tempfile.TemporaryDirectory(prefix="policykg-load-") as tmp:
        kb = Path(tmp) / "kb"
        shutil.copytree(base_kb(), kb, ignore=shutil.ignore_patterns("write.lock", "*.readers"))
        proc, url = start({"POLICYKG_KB_DIR": str(kb), **SETTINGS}, Path(tmp) / "serve.log", wait=120)
        try:
            memory = mix.Memory(proc.pid)
            print(f"{clients} clients for {seconds:g} s against {url}{', hostile mix beside them' if hostile else ''}"
                  " …", file=sys.stderr, flush=True)
            if hostile:
                attackers = mix.Attackers(url, seconds + 5)  # from before the clients start to after they end
                time.sleep(3)  # the idle connections opened, the first cross products running
            tally, elapsed, done = asyncio.run(run(url, clients, seconds, uploads, [memory.watch]))
            if attackers is not None:
                counts = attackers.counts()
        finally:
            stop(proc)
            log = (Path(tmp) / "serve.log").read_bytes()
    print(f"  server log: {len(log):,} bytes; load average after the run {os.getloadavg()[0]:.1f} (2 cores; other "
          f"work on the machine shows here)", file=sys.stderr)
    return tally, elapsed, done, counts, memory.peak


def hostile_main(clients: int, seconds: float, uploads: bool) -> int:
    alone = measured_run(clients, seconds, uploads, hostile=False)
    beside = measured_run(clients, seconds, uploads, hostile=True)
    p99 = []
    for title, (tally, elapsed, done, counts, peak) in (("alone", alone), ("beside the hostile mix", beside)):
        everything = [s for values in tally.seconds.values() for s in values]
        p99.append(percentile(everything, 0.99))
        print(f"\n### {clients} clients {title}: {done} uploads, peak memory of the server's processes "
              f"{peak / 2**20:,.0f} MB\n")
        print(table(tally, elapsed))
        for sample in tally.samples:
            print("  " + sample, file=sys.stderr)
    print("\nWhat the hostile mix got back:\n")
    print("| what | count |\n|---|---:|")
    for what, n in sorted(beside[3].items()):
        print(f"| {what} | {n:,} |")
    errors = sum(alone[0].errors.values()) + sum(beside[0].errors.values())
    ratio = p99[1] / p99[0]
    peak = beside[4]
    print(f"\nordinary clients' p99: {p99[0] * 1000:.0f} ms alone, {p99[1] * 1000:.0f} ms beside the hostile mix "
          f"({ratio:.2f}×, goal ≤ 2×); errors: {errors} (goal 0); peak memory of the server's processes beside the "
          f"mix: {peak / 2**20:,.0f} MB (goal < 2,048)")
    return 1 if errors or ratio > 2 or peak >= 2 * 2**30 else 0
