"""The vocabulary as closed namespaces: a misspelled term raises ``AttributeError``.

``PKG`` lists exactly the terms ``ontology/policy.ttl`` defines (a test checks
both ways). ``ELI``, ``SCHEMA`` and ``TIME`` are closed subsets of the standard
vocabularies, holding the terms this project uses; rdflib's own ``ORG``,
``PROV``, ``SKOS`` and ``DCTERMS`` are closed already.
"""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

PKG_IRI = "https://w3id.org/policykg/ns#"
TOPIC_IRI = "https://w3id.org/policykg/topic/"
FUNCTION_IRI = "https://w3id.org/policykg/function/"


class PKG(DefinedNamespace):
    """policykg's own terms (ontology/policy.ttl)."""

    _NS = Namespace(PKG_IRI)
    _fail = True

    # classes
    PolicyDocument: URIRef
    Measure: URIRef
    Agency: URIRef
    Government: URIRef
    Place: URIRef
    Deadline: URIRef
    Target: URIRef
    AuditLink: URIRef
    HierarchyLink: URIRef
    AgencyRole: URIRef
    DocumentKind: URIRef
    AdministrativeLevel: URIRef
    Recurrence: URIRef
    Topic: URIRef
    Term: URIRef
    AgencyFunction: URIRef
    # schemes and individuals
    TopicScheme: URIRef
    AgencyFunctionScheme: URIRef
    LevelScheme: URIRef
    KindScheme: URIRef
    National: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Township: URIRef
    Plan: URIRef
    AnnualPlan: URIRef
    TaskBreakdown: URIRef
    ProgressReport: URIRef
    LeadRole: URIRef
    SupportRole: URIRef
    Yearly: URIRef
    Quarterly: URIRef
    Monthly: URIRef
    # documents
    fileName: URIRef
    format: URIRef
    sha256: URIRef
    kind: URIRef
    level: URIRef
    planYear: URIRef
    owner: URIRef
    cites: URIRef
    declaredParent: URIRef
    parentsDeclared: URIRef
    # measures and provenance
    text: URIRef
    sourceText: URIRef
    heading: URIRef
    section: URIRef
    order: URIRef
    start: URIRef
    end: URIRef
    rawStart: URIRef
    rawEnd: URIRef
    rule: URIRef
    surface: URIRef
    agencyName: URIRef
    entity: URIRef
    mentions: URIRef
    lead: URIRef
    support: URIRef
    deadline: URIRef
    due: URIRef
    phrase: URIRef
    recurrence: URIRef
    target: URIRef
    indicator: URIRef
    comparator: URIRef
    year: URIRef
    baselineYear: URIRef
    aspirational: URIRef
    # links
    carriesOut: URIRef
    reportsOn: URIRef
    score: URIRef
    share: URIRef
    supported: URIRef
    evidence: URIRef
    method: URIRef
    rank: URIRef
    linkKind: URIRef
    distance: URIRef
    # agencies and places
    function: URIRef
    jurisdiction: URIRef
    adcode: URIRef
    within: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the terms used here."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    Work: URIRef
    is_part_of: URIRef
    based_on: URIRef
    applies: URIRef
    passed_by: URIRef
    date_document: URIRef
    number: URIRef


class SCHEMA(DefinedNamespace):
    """schema.org: the terms used for quantified targets."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    QuantitativeValue: URIRef
    value: URIRef
    unitText: URIRef


class TIME(DefinedNamespace):
    """OWL-Time: the terms used for deadlines."""

    _NS = Namespace("http://www.w3.org/2006/time#")
    _fail = True

    Instant: URIRef
    inXSDDate: URIRef


LEVELS = {"national": PKG.National, "province": PKG.Province, "city": PKG.City, "county": PKG.County,
          "township": PKG.Township}
LEVEL_OF = {str(iri): level for level, iri in LEVELS.items()}  # a level's IRI → its name (pkg:County → county)
KINDS = {"plan": PKG.Plan, "annual-plan": PKG.AnnualPlan, "task-breakdown": PKG.TaskBreakdown,
         "progress-report": PKG.ProgressReport}
KIND_OF = {str(iri): kind for kind, iri in KINDS.items()}  # a kind's IRI → its name (pkg:AnnualPlan → annual-plan)
ROLES = {"lead": PKG.LeadRole, "support": PKG.SupportRole}
ROLE_LABELS = {"lead": "牵头", "support": "配合"}  # what a role is called wherever staff read it (calendar, workbook, CLI)
RECURRENCES = {"yearly": PKG.Yearly, "quarterly": PKG.Quarterly, "monthly": PKG.Monthly}

PREFIXES = {
    "pkg": PKG_IRI,
    "topic": TOPIC_IRI,
    "fn": FUNCTION_IRI,
    "eli": str(ELI._NS),
    "org": str(ORG),
    "prov": str(PROV),
    "time": str(TIME._NS),
    "schema": str(SCHEMA._NS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def sparql_prefixes() -> str:
    """The PREFIX lines every query of the project starts with."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def topic_iri(topic_id: str) -> URIRef:
    return URIRef(TOPIC_IRI + topic_id)


def term_iri(term_id: str) -> URIRef:
    return URIRef(TOPIC_IRI + "term/" + term_id)


def function_iri(function_id: str) -> URIRef:
    return URIRef(FUNCTION_IRI + function_id)


def national_iri(body_id: str) -> URIRef:
    return URIRef(FUNCTION_IRI + "national/" + body_id)


_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal: backslash, quote, line breaks and tabs escaped (the one escaper)."""
    return '"' + text.translate(_STRING_ESCAPES) + '"'
