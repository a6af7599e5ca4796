"""The read-only Cypher console: an analyst's own query, checked, run in a READ
transaction and audited (``graph/console.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from app.auth.roles import Role
from app.deps import ActorDep, ConsoleDep, console_quota, require
from app.models.console import ConsoleAnswer, ConsoleRequest

router = APIRouter(prefix="/api/v1", tags=["console"])


@router.post(
    "/query",
    response_model=ConsoleAnswer,
    summary="Run one read-only Cypher query on the whole graph (analysts cleared for all of it)",
    dependencies=[Depends(require(Role.analyst)), Depends(console_quota)],
    responses={
        403: {"description": "your role is below analyst, or the graph holds data above your clearance"},
        422: {"description": "the query is refused (code query_refused), with the reason; or the body is not valid"},
        429: {"description": "your queries this minute are spent; retry after Retry-After seconds"},
    },
)
def query(console: ConsoleDep, actor: ActorDep, body: ConsoleRequest) -> Any:
    return console.answer(actor, body.cypher, body.parameters)
