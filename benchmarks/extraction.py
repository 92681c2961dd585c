"""Extraction speed and memory over real text, beside jieba's tokenisation of the same text.

    python -m benchmarks extraction [--laws DIR] [--corpus DIR] [--limit N]

Prints characters per second of the whole extraction (load, normalise,
segment, read agencies, deadlines, targets, metadata) and of jieba.lcut on
the same text in the same run, their ratio (extraction time / jieba time;
the goal is ≤ 1.0), the slowest file, and the peak memory of a fresh process
extracting 10 %, 50 % and 100 % of the laws (it should stay flat: documents
are extracted one at a time).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def files_of(directory: Path, limit: int | None = None) -> list[Path]:
    files = sorted(p for p in directory.iterdir() if p.suffix in (".md", ".txt"))
    return files[:limit] if limit else files


def extract_speed(files: list[Path]) -> dict:
    from extract import Resources, extract_file

    res = Resources.from_dir(ROOT / "ontology")
    extract_file(files[0], res)  # warm caches (OpenCC, rule files, gazetteer)
    chars = 0
    slowest = (0.0, "")
    measures = 0
    start = time.perf_counter()
    for f in files:
        t = time.perf_counter()
        doc = extract_file(f, res)
        dt = time.perf_counter() - t
        chars += len(doc.raw)
        measures += len(doc.measures)
        slowest = max(slowest, (dt, f.name))
    elapsed = time.perf_counter() - start
    return {"chars": chars, "seconds": elapsed, "measures": measures, "slowest": slowest}


def jieba_speed(files: list[Path]) -> dict:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [f.read_text(encoding="utf-8") for f in files]
    chars = sum(map(len, texts))
    start = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return {"chars": chars, "seconds": time.perf_counter() - start}


def peak_memory(files: list[Path]) -> int:
    """Peak resident memory (KiB) of a fresh process extracting these files."""
    code = ("import sys, json, resource; sys.path.insert(0, %r)\n"
            "from extract import Resources, extract_file\n"
            "res = Resources.from_dir(%r)\n"
            "for f in json.load(sys.stdin): extract_file(f, res)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)") % (str(ROOT), str(ROOT / "ontology"))
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps([str(f) for f in files]),
                          capture_output=True, text=True, check=True)
    return int(proc.stdout.strip().splitlines()[-1])


def table(rows: list[list], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda r: "  ".join(str(x).rjust(w) for x, w in zip(r, widths))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks extraction", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--laws", type=Path, default=SHARED / "scale" / "laws")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--limit", type=int, default=None, help="only the first N laws")
    args = ap.parse_args(argv)
    rows = []
    for label, files in (("five corpus documents", files_of(args.corpus)),
                         (f"laws and regulations ({args.laws.name})", files_of(args.laws, args.limit))):
        ex, jb = extract_speed(files), jieba_speed(files)
        rows.append([label, len(files), f"{ex['chars']:,}", f"{ex['chars'] / ex['seconds']:,.0f}",
                     f"{jb['chars'] / jb['seconds']:,.0f}", f"{ex['seconds'] / jb['seconds']:.2f}",
                     f"{ex['slowest'][0]:.2f}s {ex['slowest'][1]}", f"{ex['measures']:,}"])
    print("Extraction throughput (characters per second), jieba.lcut on the same text in the same run")
    print(table(rows, ["text", "files", "chars", "extract c/s", "jieba c/s", "ratio", "slowest file", "measures"]))
    laws = files_of(args.laws, args.limit)
    mem = []
    for share in (0.1, 0.5, 1.0):
        part = laws[: max(1, int(len(laws) * share))]
        mem.append([f"{int(share * 100)} %", len(part), f"{peak_memory(part) / 1024:.0f} MiB"])
    print()
    print("Peak memory of a fresh process extracting part of the laws")
    print(table(mem, ["share", "files", "peak RSS"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
