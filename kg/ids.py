"""The only place IRIs of the knowledge base are minted.

Every IRI is a function of stable names: a document's file name, a measure's
position in it, a place's division code (a township's name, under the code of
the county it lies in), an agency function's registry id.
Rebuilding the same corpus therefore mints the same IRIs (and, with no blank
nodes anywhere, an isomorphic graph). The base IRI is a setting
(``POLICYKG_BASE_IRI``); vocabulary IRIs (``kg.vocab``) never depend on it.

    {base}doc/{file}                       a document
    {base}doc/{file}/m/{n}                 its n-th measure (from 1)
    {base}doc/{file}/m/{n}/lead/{i}        a qualified association (lead or support)
    {base}doc/{file}/m/{n}/deadline/{i}    a deadline
    {base}doc/{file}/m/{n}/target/{i}      a target
    {base}link/{hash}                      an audit link or hierarchy link
    {base}place/{adcode}                   a place (``cn`` for the country)
    {base}place/{adcode}/{name}            a township, town or street (乡, 镇, 街道) in the place of that code
    {base}place/{name}                     one whose county is not known
    {base}agency/{adcode}/{function}       a place's body (``government`` is its people's government)
    {base}agency/national/{id}             a national body
    {base}agency/doc/{file}/{hash}         a body known only within one document
    {base}graph/doc/{file}                 the named graph of one document
    {base}graph/link/{child}/{parent}      the audit links from one document to one ancestor
    {base}graph/ontology                   the vocabulary, topic scheme and agency functions
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote

from rdflib import URIRef

from .config import Config

DEFAULT_BASE = "https://w3id.org/policykg/id/"
COUNTRY = "cn"


def _q(text: str) -> str:
    return quote(text, safe="-_.~")


def _hash(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


class Ids:
    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    # documents and their parts
    def document(self, name: str) -> URIRef:
        return URIRef(f"{self.base}doc/{_q(name)}")

    def measure(self, doc_name: str, n: int) -> URIRef:
        return URIRef(f"{self.base}doc/{_q(doc_name)}/m/{n}")

    def association(self, measure: URIRef, role: str, i: int) -> URIRef:
        return URIRef(f"{measure}/{role}/{i}")

    def deadline(self, measure: URIRef, i: int) -> URIRef:
        return URIRef(f"{measure}/deadline/{i}")

    def target(self, measure: URIRef, i: int) -> URIRef:
        return URIRef(f"{measure}/target/{i}")

    def link(self, child: URIRef, parent: URIRef) -> URIRef:
        return URIRef(f"{self.base}link/{_hash(str(child), str(parent))}")

    # places and bodies
    def place(self, adcode: str | None) -> URIRef:
        return URIRef(f"{self.base}place/{adcode or COUNTRY}")

    def township(self, name: str, within: str | None = None) -> URIRef:
        """A township, town or street: no division code of its own, so its name, under the code of the county
        it lies in (``within``) when that is known."""
        if within:
            return URIRef(f"{self.base}place/{within}/{_q(name)}")
        return URIRef(f"{self.base}place/{_q(name)}")

    def agency(self, adcode: str, function_id: str) -> URIRef:
        return URIRef(f"{self.base}agency/{adcode}/{_q(function_id)}")

    def government(self, adcode: str | None) -> URIRef:
        if adcode is None:
            return self.national_agency("state-council")
        return self.agency(adcode, "government")

    def national_agency(self, body_id: str) -> URIRef:
        return URIRef(f"{self.base}agency/national/{_q(body_id)}")

    def local_agency(self, adcode: str, name: str) -> URIRef:
        """A body of a known place that the registry does not know (named as written)."""
        return URIRef(f"{self.base}agency/{adcode}/x-{_hash(name, n=12)}")

    def document_agency(self, doc_name: str, name: str) -> URIRef:
        """A body whose place is unknown: it is never merged with another document's."""
        return URIRef(f"{self.base}agency/doc/{_q(doc_name)}/{_hash(name, n=12)}")

    # named graphs
    def doc_graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/doc/{_q(name)}")

    def link_graph(self, child: str, parent: str) -> URIRef:
        return URIRef(f"{self.base}graph/link/{_q(child)}/{_q(parent)}")

    def ontology_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/ontology")

    # reading IRIs back
    def doc_name(self, iri: str) -> str | None:
        """The file name of a document, document graph or measure IRI."""
        s = str(iri)
        for prefix in (f"{self.base}graph/doc/", f"{self.base}doc/"):
            if s.startswith(prefix):
                return unquote(s[len(prefix):].split("/", 1)[0])
        return None

    def link_graph_names(self, iri: str) -> tuple[str, str] | None:
        """(child, parent) file names of a link graph IRI."""
        prefix = f"{self.base}graph/link/"
        s = str(iri)
        if not s.startswith(prefix):
            return None
        child, _, parent = s[len(prefix):].partition("/")
        return unquote(child), unquote(parent)


def ids_for(store, settings: Config) -> Ids:
    """The IRIs of a knowledge base: the base IRI it was built with (kb.json), else the setting's."""
    info = getattr(store, "info", {}) or {}
    return Ids(info.get("base_iri") or settings.base_iri)


_MEASURE = re.compile(r"^(.*/doc/[^/]+/m/\d+)(?:/|$)")


def measure_of(iri: str) -> str | None:
    """The measure IRI a node IRI belongs to (the measure itself, or its association, deadline or target)."""
    m = _MEASURE.match(str(iri))
    return m.group(1) if m else None
