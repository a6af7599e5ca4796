"""The one error mapping: every failure leaves the API as

    {"error": {"code": "...", "message": "...", "details": [...]}}

with no stack trace and no Cypher text. A lost database is a 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.domain import PATTERNS
from graph.errors import (
    MAX_PROBLEMS,
    Conflict,
    DatabaseUnavailable,
    Forbidden,
    GraphError,
    InvalidInput,
    NotAcceptable,
    NotFound,
    PreconditionFailed,
    Problem,
    TooManyRequests,
    Unauthenticated,
)

__all__ = ["error_response", "install_error_handlers", "validation_problems"]

log = logging.getLogger(__name__)
# The tags of the tagged unions at the boundary (one relationship model per type).
_UNION_TAGS = frozenset(PATTERNS)
_SURROGATE = re.compile("[\ud800-\udfff]")

_STATUS: dict[type[GraphError], int] = {
    DatabaseUnavailable: 503,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    NotAcceptable: 406,
    InvalidInput: 422,
    TooManyRequests: 429,
}

# Stable codes where the reason phrase differs between Python versions.
_HTTP_CODES = {413: "payload_too_large", 422: "invalid_input"}


def _clean(value: Any) -> Any:
    """Text an error echoes from the input can hold lone surrogates, which no JSON encoder
    sends: they become U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def error_response(
    status: int, code: str, message: str, details: list[Any] | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    details = (details or [])[:MAX_PROBLEMS]
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(_clean(body), status_code=status, headers=headers)


def _location(prefix: str, loc: tuple[Any, ...]) -> str:
    out = prefix
    for part in loc:
        if part in _UNION_TAGS:  # pydantic names the member of a tagged union; the client did not write it
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(errors: Sequence[Any], prefix: str = "") -> list[Problem]:
    """Pydantic errors as problems: where (``body.properties.status``), why, what is accepted."""
    problems = []
    for err in errors:
        ctx = err.get("ctx") or {}
        loc = tuple(err.get("loc", ()))
        expected = ctx.get("expected")
        if err.get("type") == "union_tag_invalid":  # the tag itself is wrong: name its field
            loc += (str(ctx.get("discriminator", "")).strip("'"),)
            expected = ctx.get("expected_tags")
        accepted = re.findall(r"'([^']*)'", expected) if isinstance(expected, str) else None
        problems.append(Problem(_location(prefix, loc), err.get("msg", ""), accepted or None))
    return problems


_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


@lru_cache(maxsize=256)
def _template(path: str) -> re.Pattern[str]:
    """``/api/v1/themes/{node_id}`` as a pattern of the paths it stands for."""
    return re.compile(
        "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in re.split(r"({[^}]+})", path))
    )


def _allowed_methods(request: Request) -> list[str]:
    """Every method the OpenAPI document gives the request's path (one path can be served
    by several routes, of which Starlette names only the first)."""
    paths: dict[str, dict[str, Any]] = request.app.openapi()["paths"]
    methods = {
        method.upper()
        for path, operations in paths.items()
        if _template(path).fullmatch(request.url.path)
        for method in operations
        if method in _METHODS
    }
    return sorted(methods)


def install_error_handlers(app: FastAPI, retry_after_seconds: int) -> None:
    @app.exception_handler(GraphError)
    async def graph_error(_: Request, exc: GraphError) -> JSONResponse:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
        if status == 500:
            log.error("graph error: %s", exc, exc_info=exc)
            return error_response(500, "internal_error", "the service could not complete the request")
        headers = {"Retry-After": str(retry_after_seconds)} if status == 503 else None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        if isinstance(exc, Unauthenticated):
            # A credential that was given and refused comes with a problem naming the header.
            challenge = 'Bearer realm="lessons-graph"' + (', error="invalid_token"' if exc.problems else "")
            headers = {"WWW-Authenticate": challenge}
        details = [p.as_dict() for p in exc.problems]
        return error_response(status, exc.code, exc.message, details, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = validation_problems(exc.errors())
        fields = ", ".join(p.location for p in problems)
        return error_response(422, "invalid_input", f"invalid input: {fields}", [p.as_dict() for p in problems])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        code = _HTTP_CODES.get(exc.status_code, phrase.lower().replace(" ", "_"))
        message = exc.detail if isinstance(exc.detail, str) else phrase
        headers = dict(exc.headers or {})
        if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
            # Starlette names the methods of the first route on the path; list them all.
            allowed = _allowed_methods(request)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}"
        return error_response(exc.status_code, code, message, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "the service could not complete the request")
