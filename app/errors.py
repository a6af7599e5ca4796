"""The one error mapping: every failure leaves the API as

    {"error": {"code": "...", "message": "...", "details": [...]}}

with no stack trace and no Cypher text. A lost database is a 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    Conflict,
    DatabaseUnavailable,
    GraphError,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    Problem,
)

__all__ = ["error_response", "install_error_handlers", "validation_problems"]

log = logging.getLogger(__name__)

_STATUS: dict[type[GraphError], int] = {
    DatabaseUnavailable: 503,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    InvalidInput: 422,
}

# Stable codes where the reason phrase differs between Python versions.
_HTTP_CODES = {413: "payload_too_large", 422: "invalid_input"}


def error_response(
    status: int, code: str, message: str, details: list[Any] | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def _location(prefix: str, loc: tuple[Any, ...]) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(errors: Sequence[Any], prefix: str = "") -> list[Problem]:
    """Pydantic errors as problems: where (``body.properties.status``), why, what is accepted."""
    problems = []
    for err in errors:
        expected = (err.get("ctx") or {}).get("expected")
        accepted = re.findall(r"'([^']*)'", expected) if isinstance(expected, str) else None
        problems.append(Problem(_location(prefix, tuple(err.get("loc", ()))), err.get("msg", ""), accepted or None))
    return problems


def install_error_handlers(app: FastAPI, retry_after_seconds: int) -> None:
    @app.exception_handler(GraphError)
    async def graph_error(_: Request, exc: GraphError) -> JSONResponse:
        status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 500)
        if status == 500:
            log.error("graph error: %s", exc, exc_info=exc)
            return error_response(500, "internal_error", "the service could not complete the request")
        headers = {"Retry-After": str(retry_after_seconds)} if status == 503 else None
        details = [p.as_dict() for p in exc.problems]
        return error_response(status, exc.code, exc.message, details, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = validation_problems(exc.errors())
        fields = ", ".join(p.location for p in problems)
        return error_response(422, "invalid_input", f"invalid input: {fields}", [p.as_dict() for p in problems])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        code = _HTTP_CODES.get(exc.status_code, phrase.lower().replace(" ", "_"))
        message = exc.detail if isinstance(exc.detail, str) else phrase
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "the service could not complete the request")
