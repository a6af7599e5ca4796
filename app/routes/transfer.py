"""Import and export of whole graphs in the interchange format, within the caller's
clearance: an import writes nothing above it, an export is of the visible graph."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.auth.roles import Role
from app.deps import ActorDep, GraphDb, SettingsDep, require
from app.interchange import parse_document
from app.models.transfer import ImportResult, InterchangeDocument
from app.settings import Settings
from graph import audit
from graph.actor import Actor
from graph.database import Database
from graph.errors import InvalidInput, Problem
from graph.transfer import canonical_json, export_document, import_document

router = APIRouter(prefix="/api/v1", tags=["import/export"])


def _import(body: bytes, db: Database, settings: Settings, actor: Actor, declassify: bool) -> ImportResult:
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput("the body is not a JSON document", [Problem("body", str(e))]) from e
    summary = import_document(
        db.with_timeout(settings.import_timeout),
        parse_document(document),
        actor,
        single_transaction_max=settings.import_single_transaction_max,
        declassify=declassify,
    )
    return ImportResult(**vars(summary))


@router.post(
    "/import",
    response_model=ImportResult,
    summary="Merge an interchange document into the graph; one bad record and nothing is written",
    dependencies=[Depends(require(Role.editor))],
    responses={
        403: {"description": "records above your clearance (the first 100, with the total); nothing written"},
        422: {"description": "the bad records, by JSON path (the first 100, with the total); nothing written"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InterchangeDocument"}}},
        }
    },
)
async def import_graph(
    request: Request,
    db: GraphDb,
    settings: SettingsDep,
    actor: ActorDep,
    declassify: Annotated[bool, Query(description="allow records to lower a classification (audited)")] = False,
) -> ImportResult:
    # Parsed and validated off the event loop: a large document must not stall other requests.
    return await run_in_threadpool(_import, await request.body(), db, settings, actor, declassify)


@router.get(
    "/export",
    summary="The visible graph as an interchange document, byte-stable",
    dependencies=[Depends(require(Role.analyst))],
    response_class=Response,
    responses={200: {"model": InterchangeDocument, "content": {"application/json": {}}}},
)
def export_graph(db: GraphDb, actor: ActorDep) -> Response:
    document = export_document(db, actor)
    counts = {"nodes": len(document["nodes"]), "relationships": len(document["relationships"])}
    audit.record_read(db, actor, "export", target_label="Export", target_id="json", after=counts)
    return Response(canonical_json(document), media_type="application/json")
