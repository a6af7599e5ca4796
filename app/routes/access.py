"""Identity and its administration: who am I, API keys, the audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from app.auth.roles import Role
from app.deps import ActorDep, AuthDep, CallerDep, GraphDb, require
from app.models.access import AuditPage, CallerInfo, KeyCreate, KeyInfo, KeyIssued
from app.models.collections import MAX_LIMIT, MAX_OFFSET
from graph.audit import AuditQuery, list_records
from graph.credentials import issue_key, list_keys, revoke_key

router = APIRouter(prefix="/api/v1", tags=["access"])
admin = [Depends(require(Role.admin))]

# A date (the whole day) or a UTC time, as the records store it.
_WHEN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(\+00:00|Z)?)?$"


@router.get(
    "/me", response_model=CallerInfo, summary="Who you are to the service", dependencies=[Depends(require(Role.viewer))]
)
def me(caller: CallerDep) -> CallerInfo:
    return CallerInfo(subject=caller.subject, role=caller.role, clearance=caller.clearance, via=caller.via)


@router.post(
    "/admin/keys",
    response_model=KeyIssued,
    status_code=status.HTTP_201_CREATED,
    summary="Issue an API key (shown once; at most your own clearance)",
    dependencies=admin,
)
def create_key(db: GraphDb, actor: ActorDep, body: KeyCreate) -> Any:
    issued = issue_key(db, actor, name=body.name, role=body.role.value, clearance=body.clearance, expires=body.expires)
    return {**issued.record, "key": issued.key}


@router.get(
    "/admin/keys", response_model=list[KeyInfo], summary="Every API key (never the key itself)", dependencies=admin
)
def keys(db: GraphDb, actor: ActorDep) -> Any:
    return list_keys(db, actor)


@router.delete(
    "/admin/keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke an API key (it stops working at once here, within seconds elsewhere)",
    dependencies=admin,
)
def revoke(db: GraphDb, actor: ActorDep, auth: AuthDep, key_id: str) -> Response:
    revoke_key(db, actor, key_id)
    auth.forget_key(key_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/audit", response_model=AuditPage, summary="The audit trail, newest first (visible records)", dependencies=admin
)
def audit_trail(
    db: GraphDb,
    actor: ActorDep,
    target: Annotated[str | None, Query(max_length=300, description="a target id")] = None,
    subject: Annotated[str | None, Query(max_length=300, description="who made the change")] = None,
    since: Annotated[str | None, Query(pattern=_WHEN, description="a date or a UTC time, inclusive")] = None,
    until: Annotated[
        str | None, Query(pattern=_WHEN, description="a date (to its end) or a UTC time, inclusive")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Any:
    end = f"{until}T99" if until and len(until) == 10 else until  # a date counts to its last moment
    query = AuditQuery(target=target, subject=subject, since=since, until=end, skip=offset, limit=limit)
    items, total = list_records(db, actor, query)
    return {"items": items, "total": total, "limit": limit, "offset": offset}
