"""GET /metrics in the Prometheus text format, behind ``KG_METRICS_TOKEN`` (a bearer
token compared in constant time). Not in the OpenAPI document: it is for the scraper,
not for clients of the API. Without a token the route does not exist (404); the metrics
may still be served on their own loopback port (``KG_METRICS_PORT``, see app/main.py)."""

from __future__ import annotations

import hmac
from typing import Annotated, cast

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST

from app.metrics import Metrics
from app.settings import Settings
from graph.errors import Unauthenticated

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_bearer = HTTPBearer(auto_error=False)


def _scraper(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    settings = cast(Settings, request.app.state.settings)
    expected = settings.metrics_token.get_secret_value().encode() if settings.metrics_token else None
    given = credentials.credentials.encode() if credentials else b""
    if expected is None or not hmac.compare_digest(given, expected):
        raise Unauthenticated("the metrics need Authorization: Bearer <KG_METRICS_TOKEN>")


@router.get("/metrics", dependencies=[Depends(_scraper)])
def metrics(request: Request) -> Response:
    return Response(cast(Metrics, request.app.state.metrics).exposition(), media_type=CONTENT_TYPE_LATEST)
