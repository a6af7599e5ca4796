"""Import and export of whole graphs in the interchange format, within the caller's
clearance: an import writes nothing above it, an export is of the visible graph."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.auth.roles import Role
from app.deps import ActorDep, GraphDb, SettingsDep, require
from app.interchange import parse_document
from app.models.nodes import properties_of
from app.models.transfer import ImportResult, InterchangeDocument
from app.settings import Settings
from graph.actor import Actor
from graph.database import Database
from graph.domain import LABELS
from graph.errors import InvalidInput, Problem
from graph.formats import ExportFormat
from graph.transfer import export_as, import_document

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


# A node CSV's columns: id, then the label's properties in the order of its model.
_NODE_COLUMNS = {label: list(properties_of(label).model_fields) for label in LABELS}
_FORMATS: dict[str, Any] = {
    "application/json": {},  # the InterchangeDocument model
    "application/graphml+xml": {"schema": {"type": "string"}},
    "application/zip": {"schema": {"type": "string", "format": "binary"}},
}


@router.get(
    "/export",
    summary="The visible graph: an interchange document (byte-stable), GraphML, or a zip of CSV files",
    dependencies=[Depends(require(Role.analyst))],
    response_class=Response,
    responses={200: {"model": InterchangeDocument, "description": "the export, as asked for", "content": _FORMATS}},
)
def export_graph(
    db: GraphDb,
    actor: ActorDep,
    format: Annotated[
        ExportFormat,
        Query(description="json (the interchange format), graphml (Gephi, yEd, networkx) or csv (a zip)"),
    ] = ExportFormat.json,
) -> Response:
    exported = export_as(db, actor, format, node_columns=_NODE_COLUMNS)
    headers = {"Content-Disposition": f'attachment; filename="{exported.filename}"'} if exported.filename else None
    return Response(exported.body, media_type=exported.media_type, headers=headers)
