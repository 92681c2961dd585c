"""Search and ask latency (issue 10): the service's index beside bare tantivy, bm25s and rank-bm25, same queries.

    python -m benchmarks search                          # corpus, laws and 100 k measures
    python -m benchmarks search --sizes 100000           # one size
    python -m benchmarks search --sizes 1000000 --rank-bm25-max 0

A size is ``corpus`` (the five bundled documents), ``laws`` (the corpus and
the 2,594 laws of ../shared/scale/laws/) or a number of measures: the corpus
and synthetic documents recombining its sentences (``benchmarks.synthetic``,
the store benchmark's), read by the real extractor. Each document's rows are
those the knowledge base indexes (``kg.search.rows.rows_of``), put into a
``MeasureIndex`` exactly as the service does, without the RDF store and the
audit links the search does not read (the store benchmark measures those).
Extraction and tokenisation run in ``--workers`` processes; a size is built
once and kept under benchmarks/out/search/ (delete it to rebuild).

Measured in the same run, with the same 30 queries (``QUERIES``):

* ``search``: ``kg.search.search.Search.search(q, 10)``, the body of GET /api/search —
  query normalisation, jieba, synonyms, the tantivy query over words,
  bigrams, headings and context, the payloads of the hits;
* ``ask``: ``kg.search.ask.Asker.ask(q)``, the body of GET /api/ask;
* ``engine``: the tantivy part of ``search`` alone — the service's own query
  (words, bigrams, headings, context, synonyms) run on its own index;
* ``tantivy``: the reference — a bare tantivy index of the same jieba words
  (the ``words`` field alone, the ``whitespace`` tokenizer) and a boolean of
  term queries, the hits' stored ids read back; the query's tokens are made
  before the clock starts;
* ``bm25s`` and ``rank-bm25`` over the same tokens (rank-bm25 only up to
  ``--rank-bm25-max`` measures: it scores every document in Python).

Medians and 99th percentiles over ``--runs`` passes of the 30 queries, after
one warm pass. Index open time is a fresh process opening the index from
disk and answering one query (the tokenizer's own start, jieba and its user
dictionary, is reported apart: it does not grow with the index). Goals:
search median under 5 ms at 100 k measures and under 20 ms at 1 M, within 3×
tantivy; ask median under 30 ms at 100 k; the index opens in under 2 s.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
ONTOLOGY = ROOT / "ontology"
SYN_MEASURES = 65  # measures the extractor finds in a synthetic document, on average
BATCH_ROWS = 20_000  # rows per index commit while building

QUERIES = [
    # keywords as staff type them into the search box
    "岸电使用电量", "柴油货车淘汰", "秸秆综合利用率", "入河排污口整治", "新能源汽车比例", "烟花爆竹禁放", "餐饮油烟",
    "超低排放改造", "VOCs综合治理", "挥发性有机物", "PM2.5浓度", "臭氧协同控制", "非道路移动机械", "扬尘污染防治",
    "危险废物", "土壤污染风险管控", "饮用水水源地保护", "生态环境监测", "排污许可", "行政处罚",
    # questions
    "谁牵头VOCs综合治理？什么时候完成？", "靠港船舶岸电使用电量翻一番", "岸电使用电量翻一番这项工作哪年前要完成",
    "平湖今年治气攻坚要完成多少个治理项目", "郑州的氢能任务谁负责", "秸秆综合利用率95%以上要哪年实现？",
    "水泥企业超低排放改造什么时候完成", "长江十年禁渔由哪个部门牵头", "市交通局负责哪些任务", "全市空气质量优良率要达到多少",
]


# ---------------------------------------------------------------- inputs

def shared_dir() -> Path:
    from .store import shared_dir as shared

    return shared()


def files_for(label: str) -> list[Path]:
    from .synthetic import write_documents

    corpus = sorted((ROOT / "corpus").glob("*.txt"))
    if label == "corpus":
        return corpus
    if label == "laws":
        return corpus + sorted((shared_dir() / "scale" / "laws").glob("law*.md"))
    rest = int(float(label)) - 353
    if rest <= 0:
        return corpus
    return corpus + write_documents(OUT / "work" / "synthetic", ROOT / "corpus", math.ceil(rest / SYN_MEASURES))


# ---------------------------------------------------------------- building (workers extract and tokenise)

_RES = _TOK = None


def _init_worker() -> None:
    global _RES, _TOK
    from extract import Resources
    from kg.search.tokenizer import tokenizer

    _RES = Resources.from_dir(ONTOLOGY)
    _TOK = tokenizer(str(ONTOLOGY))


def _prepare(path: str) -> tuple[str, list[dict], list[dict], str | None]:
    from extract import ExtractError, extract_file
    from kg.search.index import token_fields
    from kg.build.ops import time_limit
    from kg.search.rows import rows_of

    name = Path(path).name
    try:
        with time_limit(60, name):  # one law makes a rule backtrack for minutes: refused, as a build would
            doc = extract_file(Path(path), _RES)
    except ExtractError as exc:
        return name, [], [], exc.reason
    rows = rows_of(doc)
    return doc.name, rows, [token_fields(_TOK, r) for r in rows], None


def build(files: list[Path], folder: Path, workers: int) -> dict:
    """Our index (``MeasureIndex``) and the rows' words (one line a measure) for the references."""
    from kg.search.index import MeasureIndex
    from kg.search.tokenizer import tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    index = MeasureIndex.create(folder / "index", tokenizer(str(ONTOLOGY)))
    started = time.perf_counter()
    measures, refused = 0, []
    rows_batch: dict[str, list[dict]] = {}
    fields_batch: dict[str, list[dict]] = {}
    pending = 0
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool, \
            open(folder / "words.txt", "w", encoding="utf-8") as words:
        for i, (name, rows, fields, reason) in enumerate(pool.map(_prepare, map(str, files), chunksize=4)):
            if reason:
                refused.append((name, reason))
                continue
            rows_batch[name], fields_batch[name] = rows, fields
            words.writelines(f["words"] + "\n" for f in fields)
            measures += len(rows)
            pending += len(rows)
            if pending >= BATCH_ROWS:
                index.apply(rows_batch, [], {d: "bench" for d in rows_batch}, fields=fields_batch)
                rows_batch, fields_batch, pending = {}, {}, 0
                print(f"  {i + 1:,}/{len(files):,} files, {measures:,} measures "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        if rows_batch:
            index.apply(rows_batch, [], {d: "bench" for d in rows_batch}, fields=fields_batch)
    meta = {"files": len(files), "measures": measures, "refused": refused,
            "build_s": time.perf_counter() - started, "workers": workers, "inputs": _digest(files)}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def _digest(files: list[Path]) -> str:
    return hashlib.sha256("\n".join(f.name for f in files).encode()).hexdigest()[:16]


def built(label: str, workers: int) -> tuple[Path, dict]:
    files = files_for(label)
    folder = OUT / "search" / label
    meta_path = folder / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("inputs") == _digest(files) and (folder / "index").is_dir():
            print(f"[{label}] reusing the index built in {meta['build_s']:.0f} s", file=sys.stderr, flush=True)
            return folder, meta
    print(f"[{label}] {len(files):,} files: extracting and indexing …", file=sys.stderr, flush=True)
    return folder, build(files, folder, workers)


def read_words(folder: Path) -> list[list[str]]:
    out = []
    with open(folder / "words.txt", encoding="utf-8") as fh:
        for line in fh:
            out.append([sys.intern(t) for t in line.split()])
    return out


# ---------------------------------------------------------------- timing

def timed(fn, queries: list, runs: int) -> dict:
    for q in queries:
        fn(q)  # warm
    times = []
    for _ in range(runs):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
    times.sort()
    return {"median_ms": 1000 * statistics.median(times),
            "p99_ms": 1000 * times[min(len(times) - 1, math.ceil(0.99 * len(times)) - 1)], "n": len(times)}


def query_tokens(queries: list[str]) -> list[list[str]]:
    """The words the service's index matches for each query (the ``words`` field's terms)."""
    from extract.normalize import normalize
    from kg.search.tokenizer import tokenizer

    tok = tokenizer(str(ONTOLOGY))
    return [tok.words_of(normalize(q).text) for q in queries]


def ours(folder: Path, runs: int) -> dict:
    from extract.registry import load_registry
    from kg.search.ask import Asker
    from kg.search.index import MeasureIndex
    from kg.search.search import Search, load_synonyms
    from kg.search.tokenizer import tokenizer

    index = MeasureIndex.open(folder / "index", tokenizer(str(ONTOLOGY)))
    search = Search(index, load_synonyms(str(ONTOLOGY / "topics.toml")))
    asker = Asker(search, load_registry(ONTOLOGY / "agencies.toml"))
    from extract.normalize import normalize

    searcher = index.searcher()
    built_queries = [search.query(normalize(q).text) for q in QUERIES]
    return {"search": timed(lambda q: search.search(q, 10), QUERIES, runs),
            "ask": timed(asker.ask, QUERIES, runs),
            # the tantivy part of a search: the service's own query on its own index, no Python around it
            "engine": timed(lambda i: searcher.search(built_queries[i], 10, count=False),
                            list(range(len(QUERIES))), runs)}


class BareTantivy:
    """The reference: the same words in a one-field tantivy index, a boolean of term queries."""

    def __init__(self, folder: Path, words: list[list[str]] | None):
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_integer_field("n", stored=True)
        sb.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
        self.schema = sb.build()
        path = folder / "tantivy-bare"
        self.build_s = 0.0
        if words is not None:
            import shutil

            shutil.rmtree(path, ignore_errors=True)
            path.mkdir(parents=True)
            t = time.perf_counter()
            index = tantivy.Index(self.schema, path=str(path))
            writer = index.writer(heap_size=512_000_000, num_threads=1)
            for n, ws in enumerate(words):
                writer.add_document(tantivy.Document(n=n, words=" ".join(ws)))
            writer.commit()
            writer.wait_merging_threads()
            self.build_s = time.perf_counter() - t
        self.index = tantivy.Index.open(str(path))
        self.index.reload()

    def query(self, tokens: list[str]):
        import tantivy

        counts: dict[str, int] = {}
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
        clauses = [(tantivy.Occur.Should, tantivy.Query.boost_query(
            tantivy.Query.term_query(self.schema, "words", t), float(c))) for t, c in counts.items()]
        return tantivy.Query.boolean_query(clauses)

    def top(self, tokens: list[str], k: int = 10) -> list[int]:
        if not tokens:
            return []
        searcher = self.index.searcher()
        hits = searcher.search(self.query(tokens), limit=k, count=False).hits
        return [searcher.doc(address)["n"][0] for _, address in hits]


class Bm25s:
    def __init__(self, words: list[list[str]]):
        import bm25s

        t = time.perf_counter()
        self.model = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
        self.model.index(words, show_progress=False)
        self.vocab = self.model.vocab_dict
        self.n = len(words)
        self.build_s = time.perf_counter() - t

    def top(self, tokens: list[str], k: int = 10) -> list[int]:
        known = [t for t in tokens if t in self.vocab]
        if not known:
            return []
        docs, scores = self.model.retrieve([known], k=k, show_progress=False, n_threads=1)
        return [int(x) for x, s in zip(docs[0], scores[0]) if s > 0]  # it fills k with unmatched documents

    def scores(self, tokens: list[str]):
        import numpy as np

        known = [t for t in tokens if t in self.vocab]
        return self.model.get_scores(known) if known else np.zeros(self.n)


class RankBm25:
    def __init__(self, words: list[list[str]]):
        from rank_bm25 import BM25Okapi

        t = time.perf_counter()
        self.model = BM25Okapi(words, k1=1.2, b=0.75)
        self.build_s = time.perf_counter() - t

    def top(self, tokens: list[str], k: int = 10) -> list[int]:
        import numpy as np

        if not tokens:
            return []
        scores = self.model.get_scores(tokens)
        best = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        return [int(i) for i in best[np.argsort(-scores[best])]]

    def scores(self, tokens: list[str]):
        return self.model.get_scores(tokens)


def agreement(tops: list[list[int]], reference, toks: list[list[str]], k: int = 10) -> float:
    """Share of an engine's top-k that the reference ranks in its own top-k, ties counted: a measure scored
    as high as the reference's k-th best is in its top-k (recombined sentences make many exact ties)."""
    import numpy as np

    got = n = 0
    for top, tokens in zip(tops, toks):
        if not top:
            continue
        scores = reference.scores(tokens)
        kth = np.partition(-scores, min(k, len(scores)) - 1)[min(k, len(scores)) - 1] * -1
        got += sum(1 for i in top if scores[i] >= kth - 1e-6 * abs(kth) and scores[i] > 0)
        n += len(top)
    return got / max(1, n)


def open_seconds(folder: Path) -> dict:
    """A fresh process: the tokenizer's start, then the index opened from disk and one query answered."""
    code = f"""
import json, time
t0 = time.perf_counter()
from kg.search.tokenizer import tokenizer
tok = tokenizer({str(ONTOLOGY)!r}); tok.words_of("预热")
t1 = time.perf_counter()
from kg.search.index import MeasureIndex
from kg.search.search import Search, load_synonyms
index = MeasureIndex.open({str(folder / "index")!r}, tok)
Search(index, load_synonyms({str(ONTOLOGY / "topics.toml")!r})).search("岸电使用电量", 10)
t2 = time.perf_counter()
import tantivy
bare = tantivy.Index.open({str(folder / "tantivy-bare")!r}); bare.searcher().num_docs
t3 = time.perf_counter()
print(json.dumps({{"tokenizer_s": t1 - t0, "open_s": t2 - t1, "bare_open_s": t3 - t2}}))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(r.stdout.strip().splitlines()[-1])


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---------------------------------------------------------------- the run

def run_size(label: str, workers: int, runs: int, rank_bm25_max: int, bm25s_on: bool) -> dict:
    folder, meta = built(label, workers)
    n = meta["measures"]
    print(f"[{label}] {n:,} measures; references …", file=sys.stderr, flush=True)
    words = read_words(folder)
    toks = query_tokens(QUERIES)
    bare = BareTantivy(folder, words)
    r = {"size": label, "measures": n, "files": meta["files"], "refused": len(meta["refused"]),
         "build_s": meta["build_s"], "index_mb": du(folder / "index") / 2**20, "tantivy_build_s": bare.build_s}
    engines: dict[str, object] = {"tantivy": bare}
    if bm25s_on:
        engines["bm25s"] = Bm25s(words)
        r["bm25s_build_s"] = engines["bm25s"].build_s
    if n <= rank_bm25_max:
        engines["rank-bm25"] = RankBm25(words)
        r["rank_bm25_build_s"] = engines["rank-bm25"].build_s
    del words
    print(f"[{label}] timing …", file=sys.stderr, flush=True)
    r.update(ours(folder, runs))
    tops = {}
    for name, engine in engines.items():
        r[name] = timed(lambda i: engine.top(toks[i]), list(range(len(QUERIES))), runs)
        tops[name] = [engine.top(t) for t in toks]
    for ref in ("rank-bm25", "bm25s"):
        for name in ("tantivy", "bm25s"):
            if ref in engines and name in tops and name != ref:
                r[f"agree_{name}_in_{ref}"] = agreement(tops[name], engines[ref], toks)
    r.update(open_seconds(folder))
    return r


def cell(r: dict, key: str) -> str:
    if key not in r:
        return "—"
    return f"{r[key]['median_ms']:.2f} / {r[key]['p99_ms']:.1f}"


def table(results: list[dict]) -> str:
    head = ("size", "measures", "build s", "index MB", "open s (+ tokenizer)", "search ms med/p99",
            "ask ms med/p99", "engine ms med/p99", "tantivy ms med/p99", "bm25s ms med/p99", "rank-bm25 ms med/p99",
            "search ÷ tantivy", "search ÷ engine")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        lines.append("| " + " | ".join([
            r["size"], f"{r['measures']:,}", f"{r['build_s']:.0f}", f"{r['index_mb']:.0f}",
            f"{r['open_s']:.2f} (+{r['tokenizer_s']:.1f})", cell(r, "search"), cell(r, "ask"), cell(r, "engine"),
            cell(r, "tantivy"), cell(r, "bm25s"), cell(r, "rank-bm25"),
            f"{r['search']['median_ms'] / r['tantivy']['median_ms']:.1f}×",
            f"{r['search']['median_ms'] / r['engine']['median_ms']:.1f}×"]) + " |")
    return "\n".join(lines)


def goals(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        n, s, a = r["measures"], r["search"]["median_ms"], r["ask"]["median_ms"]
        ratio = s / r["tantivy"]["median_ms"]
        checks = [f"opens in {r['open_s']:.2f} s (< 2 s): {'yes' if r['open_s'] < 2 else 'NO'}",
                  f"search within 3× tantivy ({ratio:.1f}×): {'yes' if ratio <= 3 else 'NO'}"]
        if 90_000 <= n <= 150_000:
            checks += [f"search median {s:.2f} ms (< 5): {'yes' if s < 5 else 'NO'}",
                       f"ask median {a:.2f} ms (< 30): {'yes' if a < 30 else 'NO'}"]
        if n >= 900_000:
            checks.append(f"search median {s:.2f} ms (< 20): {'yes' if s < 20 else 'NO'}")
        out.append(f"{r['size']}: " + "; ".join(checks))
        agree = [f"{k.split('_')[1]} in {k.split('_')[3]}'s {r[k]:.2f}" for k in r if k.startswith("agree_")]
        if agree:
            out.append("  share of the top 10 in the reference's top 10 (ties counted): " + ", ".join(agree))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks search", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="corpus,laws,100000",
                    help="comma-separated: corpus, laws, or a number of measures (corpus + synthetic)")
    ap.add_argument("--workers", type=int, default=2, help="processes extracting and tokenising")
    ap.add_argument("--runs", type=int, default=10, help="timed passes over the 30 queries")
    ap.add_argument("--rank-bm25-max", type=int, default=300_000,
                    help="largest size rank-bm25 is run on (it scores every document in Python)")
    ap.add_argument("--no-bm25s", action="store_true", help="leave bm25s out")
    args = ap.parse_args(argv)
    try:
        import bm25s  # noqa: F401
    except ImportError:
        if not args.no_bm25s:
            print("bm25s is not installed (pip install -e '.[bench]'): left out", file=sys.stderr)
            args.no_bm25s = True
    results = []
    for label in args.sizes.split(","):
        results.append(run_size(label, args.workers, args.runs, args.rank_bm25_max, not args.no_bm25s))
        print(table(results[-1:]), file=sys.stderr, flush=True)
    print(table(results))
    print()
    print("\n".join(goals(results)))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"search-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
