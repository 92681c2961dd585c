"""Agreement between two independent annotations of the same documents.

    python tests/gold/agreement.py [--first DIR ...] [--second DIR] [--docs DIR ...]

The first annotation is taken as the reference. A measure of the second matches one of the first
when their anchors stand in the same sentence of the document (the stretch between 。；！？ or line
breaks around the anchor); the figures are then the scorer's own (``../shared/eval/score.py``: agency
names with the document's city, deadlines by due date, targets by value, unit and year), over the
matched measures, and the share of metadata fields both give the same value.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORE = HERE.parents[2] / "shared" / "eval" / "score.py"
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sentence(text: str, anchor: str) -> tuple[int, int]:
    pos = text.find(anchor)
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    m = _SENTENCE_END.search(text, pos + len(anchor))
    return start, (m.end() if m else len(text))


def _pairs(text: str, first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    spans = [(_sentence(text, g["anchor"]), g) for g in second]
    out, used = [], set()
    for g in first:
        s, e = _sentence(text, g["anchor"])
        for k, ((a, b), h) in enumerate(spans):
            if k not in used and a < e and s < b:
                out.append((g, h))
                used.add(k)
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    own = HERE / "own"
    ap.add_argument("--first", nargs="+", default=[str(own / "open" / "gold"), str(own / "locked" / "gold")])
    ap.add_argument("--docs", nargs="+", default=[str(own / "open" / "docs"), str(own / "locked" / "docs")])
    ap.add_argument("--second", default=str(own / "second" / "gold"))
    args = ap.parse_args()
    score = _scorer()
    counts = {k: score.PRF() for k in ("lead", "support", "deadline", "target")}
    measures = score.PRF()
    meta_same = meta_n = docs = 0
    for path in sorted(Path(args.second).glob("*.json")):
        second = json.loads(path.read_text(encoding="utf-8"))
        first_path = next((Path(d) / path.name for d in args.first if (Path(d) / path.name).exists()), None)
        doc_path = next((Path(d) / second["doc"] for d in args.docs if (Path(d) / second["doc"]).exists()), None)
        if first_path is None or doc_path is None:
            continue
        docs += 1
        first = json.loads(first_path.read_text(encoding="utf-8"))
        text = doc_path.read_text(encoding="utf-8")
        pairs = _pairs(text, first["measures"], second["measures"])
        measures.tp += len(pairs)
        measures.fn += len(first["measures"]) - len(pairs)
        measures.fp += len(second["measures"]) - len(pairs)
        jur = (first.get("meta") or {}).get("jurisdiction")
        for g, h in pairs:
            counts["lead"].add(sorted(score.agency_names(g.get("lead"), jur)), sorted(score.agency_names(h.get("lead"), jur)))
            counts["support"].add(sorted(score.agency_names(g.get("support"), jur)),
                                  sorted(score.agency_names(h.get("support"), jur)))
            counts["deadline"].add(sorted(score.deadline_keys(g.get("deadlines"))), sorted(score.deadline_keys(h.get("deadlines"))))
            counts["target"].add(score.target_keys(g.get("targets")), score.target_keys(h.get("targets")))
        for field in score.META_FIELDS:
            a, b = (first.get("meta") or {}).get(field), (second.get("meta") or {}).get(field)
            if a is None and b is None:
                continue
            meta_n += 1
            meta_same += score.squash(str(a)) == score.squash(str(b))
    print(f"{docs} documents annotated twice")
    print(f"measures  {measures.text()}")
    for name, prf in counts.items():
        print(f"{name:9s} {prf.text()}")
    print(f"meta      {meta_same}/{meta_n} fields the same ({meta_same / max(1, meta_n):.3f})")


if __name__ == "__main__":
    main()
