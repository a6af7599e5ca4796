"""Dependencies that routes declare by name.

``CallerDep`` is who is asking (401 without a valid credential); ``require(role)`` is the
authorisation of an operation (403 below that role). The repositories and the analysis
answers a route receives are bound to the caller: every answer is on their visible graph
and every change is audited with their name.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from app.answers import AnswerResponses
from app.auth.authenticator import Authenticator
from app.auth.roles import Caller, Role
from app.rate_limit import RateLimiter
from app.request_id import request_id_of
from app.settings import Settings
from graph.actor import Actor
from graph.console import Console
from graph.database import Database
from graph.errors import Forbidden, TooManyRequests
from graph.nodes import NodeRepository
from graph.readiness import GraphState
from graph.relationships import RelationshipRepository

__all__ = [
    "ActorDep",
    "AnswersDep",
    "AuthDep",
    "CallerDep",
    "ConsoleDep",
    "GraphDb",
    "Nodes",
    "Relationships",
    "SettingsDep",
    "State",
    "console_quota",
    "require",
]

log = logging.getLogger("app.access")

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="a token (kg token issue, or your OpenID Connect provider's) or an API key (kg keys create)",
)


# Dependencies that only read the app's state are async: FastAPI runs sync ones in its
# thread pool, which a warm answer should not wait for.
async def _state(request: Request) -> GraphState:
    return cast(GraphState, request.app.state.graph)


async def _db(request: Request) -> Database:
    state = cast(GraphState, request.app.state.graph)
    # Usually known ready; otherwise the schema may have to be applied: I/O, in a thread.
    db = state.known_ready()
    return db if db is not None else await run_in_threadpool(state.ensure_ready)


async def _settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


async def _authenticator(request: Request) -> Authenticator:
    return cast(Authenticator, request.app.state.auth)


async def _answer_responses(request: Request) -> AnswerResponses:
    return cast(AnswerResponses, request.app.state.answers)


State = Annotated[GraphState, Depends(_state)]
GraphDb = Annotated[Database, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AuthDep = Annotated[Authenticator, Depends(_authenticator)]


async def _caller(
    request: Request,
    auth: AuthDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    request_id = request_id_of(request.scope)
    credential = credentials.credentials if credentials else None
    try:
        # A credential seen recently is known without I/O; otherwise it is checked in a
        # thread (an API key is looked up in the database, a provider's keys may be fetched).
        caller = auth.known(credential, request_id=request_id)
        if caller is None:
            caller = await run_in_threadpool(auth.caller, credential, request_id=request_id)
    except Exception:
        log.warning("denied %s %s: not authenticated (request %s)", request.method, request.url.path, request_id)
        raise
    request.state.caller = caller
    return caller


CallerDep = Annotated[Caller, Depends(_caller)]


def require(role: Role) -> Callable[[Request, Caller], Awaitable[Caller]]:
    """The dependency of an operation open to ``role`` and the roles above it."""

    async def check(request: Request, caller: CallerDep) -> Caller:
        if caller.role is None or not caller.role.includes(role):
            log.warning(
                "denied %s %s to %s (role %s, needs %s; request %s)",
                request.method,
                request.url.path,
                caller.subject,
                caller.role,
                role.value,
                caller.request_id,
            )
            raise Forbidden(f"this needs the {role.value} role; you have {caller.role or 'none'}")
        return caller

    check.__name__ = f"require_{role.value}"
    return check


async def _actor(caller: CallerDep) -> Actor:
    return caller.actor()


ActorDep = Annotated[Actor, Depends(_actor)]


async def _nodes(db: GraphDb, actor: ActorDep) -> NodeRepository:
    return NodeRepository(db, actor)


async def _relationships(db: GraphDb, actor: ActorDep) -> RelationshipRepository:
    return RelationshipRepository(db, actor)


Nodes = Annotated[NodeRepository, Depends(_nodes)]
AnswersDep = Annotated[AnswerResponses, Depends(_answer_responses)]
Relationships = Annotated[RelationshipRepository, Depends(_relationships)]


def _console(request: Request, db: GraphDb) -> Console:
    return cast(Console, request.app.state.console)


ConsoleDep = Annotated[Console, Depends(_console)]


def console_quota(request: Request, caller: CallerDep) -> None:
    """The dependency of the console: one query of the caller's quota a minute (429 with
    Retry-After when it is spent; logged and counted, not audited, so that a flood of
    refused requests cannot write to the database)."""
    limiter = cast(RateLimiter, request.app.state.console_limiter)
    try:
        limiter.take(caller.subject)
    except TooManyRequests:
        log.warning("console quota spent for %s (request %s)", caller.subject, caller.request_id)
        cast(Console, request.app.state.console).observe("rate_limit")
        raise
