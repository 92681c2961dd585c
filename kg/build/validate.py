"""SHACL validation (pyshacl) of the graphs a build, add or remove is about to write.

``ontology/shapes.ttl`` holds the shapes; the vocabulary, topic scheme and
agency functions come in as the ontology graph, so ``sh:class pkg:Topic`` holds
without copying the scheme into every document. A ``Finding`` names the node,
the measure it belongs to, the measure's document and the extraction rule
behind the node, so a violation can be traced to a rule and fixed there.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.ids import measure_of
from kg.vocab import ELI, PKG

VOCABULARY_FILES = ("policy.ttl", "topics.ttl", "agencies.ttl")


class ValidationError(Exception):
    def __init__(self, report: "Report"):
        super().__init__(report.text())
        self.report = report

    def __reduce__(self):  # rebuilt from its report where a worker process hands it back
        return ValidationError, (self.report,)


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation | Warning | Info
    focus: str
    measure: str | None
    measure_id: str | None
    doc: str | None
    rule: str | None
    shape: str
    path: str | None
    message: str

    def line(self) -> str:
        where = f"measure {self.measure_id}" if self.measure_id else f"node <{self.focus}>"
        doc = f" in {self.doc}" if self.doc else ""
        rule = f" (rule {self.rule})" if self.rule else ""
        path = f" {self.path}:" if self.path else ""
        return f"{self.severity}: {where}{doc}{rule}:{path} {self.message} [{self.shape}]"


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def text(self, limit: int = 50) -> str:
        lines = [f.line() for f in self.findings[:limit]]
        if len(self.findings) > limit:
            lines.append(f"… and {len(self.findings) - limit} more")
        return "\n".join(lines) if lines else "conforms"


class Validator:
    def __init__(self, ontology_dir: str | Path):
        d = Path(ontology_dir)
        self.shapes = Graph().parse(d / "shapes.ttl")
        vocabulary = Graph()
        for name in VOCABULARY_FILES:
            vocabulary.parse(d / name)
        # what sh:class needs of the vocabulary: the types of its concepts and the class hierarchy
        self.context = [t for t in vocabulary if t[1] in (RDF.type, RDFS.subClassOf)]

    def validate(self, triples) -> Report:
        import pyshacl

        data = Graph()
        for t in self.context:
            data.add(t)
        for t in triples:
            data.add(t)
        _, results, _ = pyshacl.validate(data, shacl_graph=self.shapes, inference="none", inplace=True,
                                         abort_on_first=False, allow_warnings=True, advanced=False)
        findings = []
        for result in results.subjects(RDF.type, SH.ValidationResult):
            focus = results.value(result, SH.focusNode)
            severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
            shape = results.value(result, SH.sourceShape)
            path = results.value(result, SH.resultPath)
            message = results.value(result, SH.resultMessage)
            owner = self.shapes.value(predicate=SH.property, object=shape)
            findings.append(_finding(data, focus, severity, owner if owner is not None else shape, path, message))
        findings.sort(key=lambda f: (f.severity != "Violation", f.doc or "", f.measure or "", f.focus, f.message))
        return Report(tuple(findings))


def _finding(data: Graph, focus, severity, shape, path, message) -> Finding:
    measure = measure_of(str(focus)) if isinstance(focus, URIRef) else None
    m = URIRef(measure) if measure else None
    rule = data.value(focus, PKG.rule) or (data.value(m, PKG.rule) if m is not None else None)
    mid = data.value(m, DCTERMS.identifier) if m is not None else None
    doc_iri = data.value(m, ELI.is_part_of) if m is not None else (focus if (focus, RDF.type, PKG.PolicyDocument) in data else None)
    doc = data.value(doc_iri, PKG.fileName) if doc_iri is not None else None
    shape_name = str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "property shape"
    return Finding(severity=severity, focus=str(focus), measure=measure, measure_id=str(mid) if mid else None,
                   doc=str(doc) if doc else None, rule=str(rule) if rule else None, shape=shape_name,
                   path=_short(path), message=str(message) if message else "does not conform")


def _short(path) -> str | None:
    if path is None:
        return None
    s = str(path)
    for prefix, iri in (("pkg:", str(PKG._NS)),):
        if s.startswith(iri):
            return prefix + s[len(iri):]
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=4)
def validator(ontology_dir: str) -> Validator:
    return Validator(ontology_dir)
