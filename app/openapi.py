"""The OpenAPI document says what the server does: every status an operation can answer,
each error in the one error shape.

FastAPI documents a 422 of its own shape and nothing else; the answers the error mapping
(``app/errors.py``), the middlewares and the database can give are added here, once, by
rule: the one place to change when an operation gains a way to fail.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field

__all__ = ["ErrorBody", "install_openapi"]


class ErrorDetail(BaseModel):
    location: str = Field(description="where: a field, a parameter or a JSON path")
    message: str
    accepted: list[Any] | None = Field(None, description="the values accepted there, for enumerations")


class ErrorInfo(BaseModel):
    code: str = Field(description="stable, for programs: not_found, invalid_input, conflict, ...")
    message: str = Field(description="for people")
    details: list[ErrorDetail]


class ErrorBody(BaseModel):
    """Every error answer: no stack trace, no Cypher."""

    error: ErrorInfo


_WHY = {
    "400": "the Host header names another host, or the body is not JSON",
    "401": "no credential, or one that is not valid (see WWW-Authenticate)",
    "403": "your role or clearance does not allow this",
    "304": "If-None-Match named the answer's ETag: the client holds it already (no body)",
    "404": "an id that does not exist (or is hidden from the caller), or nothing found",
    "406": "Accept asks for CSV, and this answer is not a list",
    "409": "the change conflicts with the graph (an id or a single relationship is taken)",
    "412": "If-Match names a version the node has moved on from",
    "413": "the request body is larger than the limit",
    "422": "a parameter or a field is not acceptable; details name each",
    "429": "too many requests of this kind; retry after Retry-After seconds",
    "503": "the graph database is not reachable; retry after Retry-After seconds",
}
_WRITES = {"post", "put", "patch", "delete"}


def _errors(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The error statuses an operation can answer, by rule."""
    statuses = ["400"]
    if path == "/health":
        return statuses
    statuses.append("503")
    if not path.startswith("/api/"):
        return statuses
    statuses += ["401", "403", "404", "422"]
    if method in _WRITES:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("413")
    if method == "patch":
        statuses.append("412")
    if "429" in operation.get("responses", {}):  # an operation with a quota says so itself
        statuses.append("429")
    return statuses


def _document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorDetail, ErrorInfo, ErrorBody):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema.pop("$defs", None)
        schemas[model.__name__] = schema
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _errors(path, method, operation):
                described = responses.get(status, {}).get("description")
                keep = described and described != "Validation Error"
                responses[status] = {"description": described if keep else _WHY[status], "content": error}
            if "analysis" in operation.get("tags", []):
                _answer_representations(responses, error)
    return document


def _answer_representations(responses: dict[str, Any], error: dict[str, Any]) -> None:
    """Analysis answers (app/answers.py): 304 on a matching If-None-Match; a list also as CSV
    (one row per item), anything else 406 for a client that takes CSV only."""
    responses["304"] = {"description": _WHY["304"]}
    ok = responses.get("200", {}).get("content", {})
    schema = ok.get("application/json", {}).get("schema", {})
    if str(schema.get("$ref", "")).endswith("Page"):
        ok["text/csv"] = {"schema": {"type": "string", "description": "a header row, then one row per item"}}
    else:
        responses["406"] = {"description": _WHY["406"], "content": error}


def install_openapi(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json (built once, on first use)."""
    cached: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not cached:
            cached.update(_document(app))
        return cached

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema
