"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from app.deps import State
from app.models.health import Health, Ready

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="The process is alive")
async def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="Neo4j is reachable and the schema applied",
    responses={503: {"description": "Neo4j is not reachable; retry after the Retry-After header"}},
)
def ready(state: State) -> Ready:
    return Ready(status="ready", schema_version=state.check())
