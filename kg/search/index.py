"""The search index over measures (tantivy), with the tokenizer's settings saved beside it.

Each measure is one tantivy document: its jieba words and character bigrams
(BM25 fields), the filter fields (agency by role, document, place, level,
kind, topic, deadline range) and a stored JSON payload with what an answer
shows. ``MeasureIndex.sync`` brings the index in line with the rows the
knowledge base holds, document by document, keyed by a content digest, so
an index rebuilt or updated from the store answers the same as one built
with it.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .tokenizer import Tokenizer

SCHEMA_VERSION = 8  # 5: agencies in the order the text names them (rows_from_store); 6: no context in payloads;
# 7: the bodies (agency IRIs) beside the names in the agency fields; 8: each document's measures counted by body
# and role (agency_counts), kept with its rows
SETTINGS_FILE = "index.json"


class IndexError_(Exception):
    """The index cannot be used as it is (another tokenizer, another schema)."""


def _schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("grams", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("head", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("context", tokenizer_name="whitespace", index_option="freq")
    for name in ("lead", "support", "agency", "place", "level", "kind", "topic", "docdigest"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("due_min", indexed=True, fast=True)
    sb.add_integer_field("due_max", indexed=True, fast=True)
    sb.add_integer_field("plan_year", indexed=True, fast=True)
    sb.add_integer_field("ordinal", stored=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def row_digest(rows: list[dict]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:20]


def _due_int(iso: str | None) -> int | None:
    return int(iso.replace("-", "")) if iso else None


PAYLOAD_LEAVES = ("context",)  # indexed (the section's other sentences), never shown: half of a row's bytes


def payload(row: dict) -> bytes:
    """What a hit carries back: the row as JSON, less what only the index needs."""
    kept = {k: v for k, v in row.items() if k not in PAYLOAD_LEAVES}
    return json.dumps(kept, ensure_ascii=False, default=str).encode("utf-8")


def token_fields(tok: Tokenizer, row: dict) -> dict[str, str]:
    """A row's BM25 fields as the index holds them: tokens joined by spaces (the ``whitespace`` tokenizer
    splits them again). Jieba is most of the cost of indexing; a builder may run this in other processes."""
    body = row.get("text_norm") or row["text"]
    return {"words": " ".join(tok.words_of(body)),
            "grams": " ".join(tok.bigrams(body)),
            "head": " ".join(tok.words_of(" ".join(row.get("headings") or []))),
            "context": " ".join(tok.words_of(row.get("context") or ""))}


def agency_counts(rows: list[dict]) -> list[list]:
    """One document's measures counted by body: ``[key, place, lead, support, {name: times written}]`` per
    agency, as written when the document's rows are (the agencies list sums them instead of reading every
    row). The key is the body's IRI where the registry resolved the name (``lead_agents``), else the name and
    its document's place; two names of one body in one measure count it once."""
    counts: dict[str, list] = {}
    for row in rows:
        place = row.get("jurisdiction")
        for i, role in enumerate(("lead", "support")):
            names = row.get(role, [])
            agents = row.get(role + "_agents") or [None] * len(names)
            seen = set()
            for name, agent in zip(names, agents):
                key = agent or f"{name}|{place or ''}"
                entry = counts.setdefault(key, [key, place, 0, 0, {}])
                entry[4][name] = entry[4].get(name, 0) + 1
                if key not in seen:
                    seen.add(key)
                    entry[2 + i] += 1
    return sorted(counts.values(), key=lambda e: e[0])


@dataclass
class Hit:
    score: float
    row: dict


class MeasureIndex:
    """A tantivy index in a directory; ``open`` checks the saved tokenizer settings."""

    def __init__(self, path: Path, tok: Tokenizer, index, settings: dict):
        self.path = path
        self.tok = tok
        self.index = index
        self.schema = index.schema
        self.settings = settings
        self._places: frozenset[str] | None = None
        self._agencies: dict[str | None, list[dict]] = {}  # place → the agencies list, until the next change
        self.derived: dict = {}  # what readers compute from the documents' info, kept until the next change

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: str | Path, tok: Tokenizer) -> "MeasureIndex":
        import tantivy

        path = Path(path)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
        settings = {"schema": SCHEMA_VERSION, "tokenizer": tok.settings(), "keys": {}, "doc_info": {}}
        (path / SETTINGS_FILE).write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")
        return cls(path, tok, index, settings)

    @classmethod
    def open(cls, path: str | Path, tok: Tokenizer) -> "MeasureIndex":
        import tantivy

        path = Path(path)
        try:
            settings = json.loads((path / SETTINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IndexError_(f"no search index at {path}") from None
        if settings.get("schema") != SCHEMA_VERSION:
            raise IndexError_("the search index was built with another schema; rebuild it")
        if settings.get("tokenizer") != tok.settings():
            raise IndexError_("the search index was built with another tokenizer; rebuild it")
        index = tantivy.Index.open(str(path))
        return cls(path, tok, index, settings)

    @classmethod
    def open_or_create(cls, path: str | Path, tok: Tokenizer) -> "MeasureIndex":
        try:
            return cls.open(path, tok)
        except IndexError_:
            return cls.create(path, tok)

    # ------------------------------------------------------------ writing
    def sync(self, rows_by_doc: dict[str, list[dict]]) -> tuple[int, int]:
        """Make the index hold exactly these documents' rows. Returns (documents added, removed)."""
        keys = {doc: row_digest(rows) for doc, rows in rows_by_doc.items()}
        have = self.settings.get("keys", {})
        changed = {d: rows for d, rows in rows_by_doc.items() if have.get(d) != keys[d]}
        removed = [d for d in have if d not in rows_by_doc]
        return self.apply(changed, removed, {d: keys[d] for d in changed})

    def apply(self, changed: dict[str, list[dict]], removed: list[str], keys: dict[str, str],
              store_version: str | None = None, build: str | None = None,
              fields: dict[str, list[dict]] | None = None) -> tuple[int, int]:
        """Replace the rows of the ``changed`` documents, drop the ``removed`` ones; ``keys`` are what the
        documents are known by (a content digest), recorded so the next call changes only what changed.
        A new ``build`` (a knowledge base built afresh) empties the index first. ``fields``: the rows'
        ``token_fields``, if a builder has tokenised them already (in other processes), row for row."""
        rebuild = build is not None and self.settings.get("build") not in (None, build)
        if not changed and not removed and not rebuild:
            self._save(store_version=store_version, build=build)
            return 0, 0
        writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        if rebuild:
            writer.delete_all_documents()
            self.settings["keys"], self.settings["doc_info"], self.settings["agency_counts"] = {}, {}, {}
        for doc in list(changed) + list(removed):
            writer.delete_documents_by_term("doc", doc)
        for doc, rows in changed.items():
            done = (fields or {}).get(doc) or [None] * len(rows)
            for row, f in zip(rows, done):
                writer.add_document(self._document(row, keys.get(doc, ""), f))
        writer.commit()
        writer.wait_merging_threads()
        held = self.settings.setdefault("keys", {})
        info = self.settings.setdefault("doc_info", {})
        counts = self.settings.setdefault("agency_counts", {})
        for doc in removed:
            held.pop(doc, None)
            info.pop(doc, None)
            counts.pop(doc, None)
        for doc, rows in changed.items():
            held[doc] = keys.get(doc, "")
            if rows:
                r = rows[0]
                info[doc] = {k: r.get(k) for k in ("doc_title", "jurisdiction", "places", "level", "kind", "plan_year")}
                counts[doc] = agency_counts(rows)
            else:
                info.pop(doc, None)
                counts.pop(doc, None)
        self._save(store_version=store_version, build=build)
        self._places = None
        self._agencies = {}
        self.derived = {}
        self.index.reload()
        return len(changed), len(removed)

    def _save(self, **extra) -> None:
        self.settings.update({k: v for k, v in extra.items() if v is not None})
        tmp = self.path / (SETTINGS_FILE + ".tmp")
        tmp.write_text(json.dumps(self.settings, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path / SETTINGS_FILE)

    def known_places(self) -> frozenset[str]:
        """Every place some indexed document belongs to, kept until the next change (at 1 M measures,
        15 k documents: gathering them for every question took 40 ms)."""
        if self._places is None:
            self._places = frozenset(p for info in self.settings.get("doc_info", {}).values()
                                     for p in info.get("places") or [])
        return self._places

    def agencies(self, place: str | None = None) -> list[dict]:
        """Every agency with its number of measures by role and its documents (agencies of different places
        apart), most measures first: the counts each document's rows were indexed with (``agency_counts``),
        summed, filtered by a place the document belongs to; never the rows themselves. Kept until the index
        changes (16 ms to sum at 100 k measures, nothing after)."""
        kept = self._agencies.get(place)
        if kept is None:
            if len(self._agencies) >= 64:
                self._agencies.clear()
            kept = self._agencies[place] = self._sum_agencies(place)
        return kept

    def _sum_agencies(self, place: str | None) -> list[dict]:
        info = self.settings.get("doc_info", {})
        counts: dict[str, dict] = {}
        for doc, entries in self.settings.get("agency_counts", {}).items():
            if place and place not in (info.get(doc, {}).get("places") or []):
                continue
            for key, jurisdiction, lead, support, names in entries:
                entry = counts.get(key)
                if entry is None:
                    entry = counts[key] = {"key": key, "place": jurisdiction, "lead": 0, "support": 0,
                                           "names": {}, "documents": []}
                entry["lead"] += lead
                entry["support"] += support
                for name, n in names.items():
                    entry["names"][name] = entry["names"].get(name, 0) + n
                entry["documents"].append(doc)
        out = []
        for e in counts.values():
            names = sorted(e["names"], key=lambda n: (-e["names"][n], n))
            out.append({"key": e["key"], "name": names[0], "names": names, "place": e["place"], "lead": e["lead"],
                        "support": e["support"], "total": e["lead"] + e["support"],
                        "documents": sorted(e["documents"])})
        out.sort(key=lambda e: (-e["total"], e["place"] or "", e["name"]))
        return out

    def documents(self) -> dict[str, str]:
        """Document name → the key its indexed rows were recorded under."""
        return dict(self.settings.get("keys", {}))

    def _document(self, row: dict, digest: str, fields: dict | None = None):
        import tantivy

        d = tantivy.Document()
        d.add_text("id", row["id"])
        d.add_text("doc", row["doc"])
        d.add_text("docdigest", digest)
        for name, tokens in (fields or token_fields(self.tok, row)).items():
            d.add_text(name, tokens)
        for role in ("lead", "support"):  # the names as written and the bodies they are: a filter takes either
            for a in row.get(role, []) + row.get(role + "_agents", []):
                d.add_text(role, a)
                d.add_text("agency", a)
        for p in row.get("places", []):
            d.add_text("place", p)
        if row.get("level"):
            d.add_text("level", row["level"])
        if row.get("kind"):
            d.add_text("kind", row["kind"])
        for t in row.get("topics", []):
            d.add_text("topic", t)
        dues = [_due_int(x["due"]) for x in row.get("deadlines", []) if x.get("due")]
        if dues:
            d.add_integer("due_min", min(dues))
            d.add_integer("due_max", max(dues))
        if row.get("plan_year"):
            d.add_integer("plan_year", int(row["plan_year"]))
        d.add_integer("ordinal", int(row.get("ordinal", 0)))
        d.add_bytes("payload", payload(row))
        return d

    # ------------------------------------------------------------ reading
    def searcher(self):
        return self.index.searcher()

    def count(self) -> int:
        return self.index.searcher().num_docs

    def rows(self, field: str | None = None, value: str | None = None, limit: int = 1_000_000) -> list[dict]:
        """The rows whose ``field`` holds exactly ``value`` (every row when no field is given), at most ``limit``."""
        import tantivy

        q = tantivy.Query.all_query() if field is None else tantivy.Query.term_query(self.index.schema, field, value)
        return [h.row for h in self.run(q, limit)]

    def run(self, query, k: int) -> list[Hit]:
        searcher = self.index.searcher()
        result = searcher.search(query, limit=k, count=False)
        out = []
        for score, address in result.hits:
            doc = searcher.doc(address)
            out.append(Hit(score, json.loads(bytes(doc["payload"][0]).decode("utf-8"))))
        return out
