"""The SPARQL endpoint's checks, before anything runs: the query form, refusals, the result format."""
from __future__ import annotations

import pytest

from kg.store.sparql import SparqlError, SparqlRefused, check, negotiate


@pytest.mark.parametrize("query,form", [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://ex/> select ?s where { ?s ex:p ?o }", "select"),
    ("ASK { ?s ?p ?o }", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "construct"),
    ("DESCRIBE <https://w3id.org/policykg/id/doc/x>", "describe"),
    # update keywords inside strings, IRIs, comments or after the query form are words, not updates
    ('SELECT ?s WHERE { ?s ?p "DELETE ALL" }', "select"),
    ("SELECT ?s WHERE { ?s <http://ex/INSERT> ?o }", "select"),
    ("# DROP ALL\nSELECT ?s WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://ex/> SELECT ?s WHERE { ?s ex:INSERT ?o }", "select"),
])
def test_queries_pass(query, form):
    assert check(query, 20000) == form


@pytest.mark.parametrize("query,error,message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", SparqlRefused, "this endpoint is read-only: SPARQL updates are refused"),
    ("DELETE WHERE { ?s ?p ?o }", SparqlRefused, "this endpoint is read-only: SPARQL updates are refused"),
    ("PREFIX ex: <http://ex/> DROP ALL", SparqlRefused, "this endpoint is read-only: SPARQL updates are refused"),
    ("LOAD <http://example.org/data.ttl>", SparqlRefused, "this endpoint is read-only: SPARQL updates are refused"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", SparqlRefused,
     "this endpoint is read-only: SPARQL updates are refused"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", SparqlRefused,
     "federated queries (SERVICE) are refused"),
    ("", SparqlError, "no query: pass ?query=…"),
    ("   ", SparqlError, "no query: pass ?query=…"),
    ("hello", SparqlError, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)"),
    ("SELECT * WHERE { ?s ?p ?o }" + " " * 100, SparqlError, "the query is over 100 characters"),
])
def test_queries_refused(query, error, message):
    with pytest.raises(error) as e:
        check(query, 100)
    assert str(e.value) == message


@pytest.mark.parametrize("form,accept,fmt,chosen", [
    ("select", None, None, "json"),
    ("select", "application/sparql-results+json", None, "json"),
    ("select", "application/sparql-results+xml", None, "xml"),
    ("select", "text/csv", None, "csv"),
    ("select", "text/tab-separated-values", None, "tsv"),
    ("select", "text/html,application/xhtml+xml,*/*;q=0.8", None, "json"),  # a browser
    ("select", "text/turtle, text/csv;q=0.5", None, "csv"),
    ("ask", "application/sparql-results+xml", None, "xml"),
    ("select", "text/csv", "tsv", "tsv"),  # ?format= wins
    ("construct", None, None, "ttl"),
    ("construct", "application/ld+json", None, "jsonld"),
    ("construct", "application/n-triples", None, "nt"),
    ("construct", "application/rdf+xml", None, "rdfxml"),
    ("describe", "text/turtle", None, "ttl"),
])
def test_negotiation(form, accept, fmt, chosen):
    assert negotiate(form, accept, fmt) == chosen


def test_a_format_the_form_cannot_have():
    with pytest.raises(SparqlError, match="format ttl is not available for SELECT results"):
        negotiate("select", None, "ttl")
