"""The OpenAPI document says what the server really answers: the one error body, the statuses each
operation can give, and the media types of the routes that are not JSON.

FastAPI's generated document promises a 422 ``HTTPValidationError`` for bad
parameters, which this server never sends (bad parameters are a 400 in the
one error shape of ``errors.py``), and ``application/json`` for every 200,
also for the workbook, the calendar and SPARQL results. schemathesis checks
every response against this document (``tests/api/test_schemathesis.py``).
"""
from __future__ import annotations

ERROR = {"type": "object", "required": ["error"], "additionalProperties": False, "properties": {
    "error": {"type": "object", "required": ["status", "code", "message"], "additionalProperties": False,
              "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                             "message": {"type": "string"}}}}}

WHY = {400: "bad parameters or query", 401: "the API key is missing", 403: "refused: a wrong key, writes disabled, "
       "or a SPARQL update or SERVICE call", 404: "no such document, measure, agency or page",
       409: "a document of that name exists (send replace=true to replace it)",
       413: "the upload or the query is too large", 415: "a file or body type that is not accepted",
       422: "the document could not be read or holds no policy measures",
       503: "the knowledge base is busy or unavailable, or a query, an export or a graph ran past its time or "
            "memory limit",
       507: "the server's disk is full: nothing was written"}

EVERY = (400, 404, 503)  # any route: a parameter, an unknown path, the store
# what some operations add to these, by (method, path)
MORE = {("post", "/api/documents"): (401, 403, 409, 413, 415, 422, 507),
        ("delete", "/api/documents/{name}"): (401, 403, 507),
        ("get", "/sparql"): (403,), ("post", "/sparql"): (403, 413, 415)}

SPARQL_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json",
                "application/rdf+xml")
BINARY = {"type": "string", "format": "binary"}
# 200 bodies that are not JSON, by (method, path)
MEDIA = {("get", "/api/agencies/{name}/tasks.xlsx"): ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
         ("get", "/api/agencies/{name}/deadlines.ics"): ("text/calendar",),
         ("get", "/api/export"): ("text/turtle", "application/n-triples", "application/ld+json",
                                  "application/graphml+xml", "application/gexf+xml", "application/json",
                                  "application/zip"),
         ("get", "/api/graph"): ("application/json", "application/gexf+xml", "application/graphml+xml"),
         ("get", "/sparql"): SPARQL_TYPES, ("post", "/sparql"): SPARQL_TYPES,
         ("get", "/"): ("text/html",)}
SPARQL_BODY = {"required": True, "content": {
    "application/sparql-query": {"schema": {"type": "string", "minLength": 1}},
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                     "properties": {"query": {"type": "string", "minLength": 1},
                                                                    "format": {"type": "string"}}}}}}


def install(app, topics: list[str]) -> None:
    """Make ``app.openapi()`` return the corrected document (built once, then cached as FastAPI does);
    ``topics`` are those of the ontology's scheme, which the ``topic`` filter takes."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = correct(generate(), topics)
        return app.openapi_schema

    app.openapi = openapi


def correct(spec: dict, topics: list[str]) -> dict:
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Error"] = ERROR
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            for status in EVERY + MORE.get((method, path), ()):
                responses[str(status)] = {"description": WHY[status], "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            if (method, path) in MEDIA:
                ok = next((s for s in responses if s.startswith("2")), "200")
                responses[ok] = {"description": responses.get(ok, {}).get("description", "OK"),
                                 "content": {t: {"schema": {} if t.endswith("json") else BINARY}
                                             for t in MEDIA[(method, path)]}}
            for param in op.get("parameters", []):
                if param["name"] == "topic" and topics:
                    param["schema"] = {"anyOf": [{"type": "string", "enum": sorted(topics)},
                                                 {"type": "string", "maxLength": 0}, {"type": "null"}]}
            if (method, path) == ("post", "/sparql"):
                op["requestBody"] = SPARQL_BODY
            if (method, path) == ("get", "/sparql"):  # optional in the signature only to say "no query" by name
                for param in op.get("parameters", []):
                    if param["name"] == "query":
                        param["required"], param["schema"] = True, {"type": "string", "minLength": 1}
    return spec
