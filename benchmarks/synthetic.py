"""Synthetic policy documents made by recombining the bundled corpus's sentences (deterministic, seeded).

Each document is an annual plan or a multi-year plan of a real place (the
gazetteer: provinces, their cities, their counties), with numbered items
made of corpus sentences, a deadline phrase and an attribution taken from the
corpus. They go through the real extractor, so a benchmark build costs what a
build of real documents of that size costs.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from extract.normalize import normalize
from extract.places import gazetteer

_SENTENCE = re.compile(r"[^。；;\n]{12,160}[。；;]")
_ATTRIBUTION = re.compile(r"[（(][^（）()\n]{2,80}?(?:牵头|负责|配合|参与)[^（）()\n]{0,60}[）)]")
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])\s*")
HEADINGS = ["深入打好蓝天保卫战", "深入打好碧水保卫战", "深入打好净土保卫战", "推进无废城市建设", "加强生态保护修复",
            "强化生态环境执法监管", "推进监测体系和能力建设", "推动绿色低碳发展", "防范化解环境风险", "提升治理能力"]
CHINESE = "一二三四五六七八九十"


def corpus_pieces(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """(sentences, attributions) of the corpus, normalised, without their item numbers."""
    sentences, attributions = [], []
    for path in sorted(corpus_dir.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        attributions.extend(m.group(0) for m in _ATTRIBUTION.finditer(text))
        for m in _SENTENCE.finditer(_ATTRIBUTION.sub("", text)):
            s = _NUMBERING.sub("", m.group(0)).strip()
            if sum("\u4e00" <= ch <= "\u9fff" for ch in s) >= 10:
                sentences.append(s)
    return sorted(set(sentences)), sorted(set(attributions))


def places(rng: random.Random, provinces: int = 12, cities: int = 8, counties: int = 12):
    """Real places: a few provinces, some of their cities, some of each city's counties."""
    gaz = gazetteer()
    by_code = gaz.by_code
    provs = sorted(c for c in by_code if c.endswith("0000") and c[:2] not in ("11", "12", "31", "50", "71", "81", "82"))
    out = []
    for p in rng.sample(provs, min(provinces, len(provs))):
        cs = sorted(c for c in by_code if c[:2] == p[:2] and c.endswith("00") and not c.endswith("0000"))
        city_list = rng.sample(cs, min(cities, len(cs)))
        out.append(by_code[p])
        for c in city_list:
            out.append(by_code[c])
            ks = sorted(k for k in by_code if k[:4] == c[:4] and not k.endswith("00"))
            out.extend(by_code[k] for k in rng.sample(ks, min(counties, len(ks))))
    return out


def document(rng: random.Random, place, year: int, kind: str, sentences: list[str], attributions: list[str],
             items: int) -> str:
    prefix = {"province": "省", "city": "市"}.get(place.rank, place.name[-1])
    title = (f"{place.name}{year}年生态环境工作要点" if kind == "annual-plan"
             else f"{place.name}生态环境保护“十四五”实施方案")
    lines = [title, f"{place.name}人民政府", f"{year - (0 if kind == 'annual-plan' else 1)}年2月10日", ""]
    per_heading = max(1, items // len(HEADINGS))
    n = 0
    for h, heading in enumerate(HEADINGS):
        lines.append(f"{CHINESE[h]}、{heading}")
        for _ in range(per_heading):
            n += 1
            body = "".join(rng.sample(sentences, rng.choice((1, 1, 2))))
            if rng.random() < 0.5:
                body = f"到{year}年底前，" + body
            attribution = rng.choice(attributions).replace("市", prefix, 1) if attributions else ""
            lines.append(f"{n}.{body}{attribution}")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_documents(out_dir: Path, corpus_dir: Path, count: int, items: int = 60, seed: int = 7) -> list[Path]:
    """``count`` synthetic documents in ``out_dir`` (kept when already there with the same seed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = out_dir / f".seed-{seed}-items-{items}"
    existing = sorted(out_dir.glob("syn_*.txt"))
    if stamp.exists() and len(existing) >= count:
        return existing[:count]
    for f in existing:
        f.unlink()
    for f in out_dir.glob(".seed-*"):
        f.unlink()
    rng = random.Random(seed)
    sentences, attributions = corpus_pieces(corpus_dir)
    place_list = places(rng)
    paths = []
    for i in range(count):
        # every place in turn: its 十四五 plan first, then its annual plans year by year, then the next five years
        place = place_list[i % len(place_list)]
        round_ = i // len(place_list)
        period, step = divmod(round_, 6)
        kind = "plan" if step == 0 else "annual-plan"
        year = 2021 + 5 * period + max(0, step - 1)
        path = out_dir / f"syn_{i:06d}.txt"
        path.write_text(document(rng, place, year, kind, sentences, attributions, items), encoding="utf-8")
        paths.append(path)
    stamp.touch()
    return paths
