"""Import and export of whole graphs in the interchange format."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app.deps import GraphDb, SettingsDep
from app.interchange import parse_document
from app.models.transfer import ImportResult, InterchangeDocument
from app.settings import Settings
from graph.database import Database
from graph.errors import InvalidInput, Problem
from graph.transfer import canonical_json, export_document, import_document

router = APIRouter(prefix="/api/v1", tags=["import/export"])


def _import(body: bytes, db: Database, settings: Settings) -> ImportResult:
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput("the body is not a JSON document", [Problem("body", str(e))]) from e
    summary = import_document(
        db.with_timeout(settings.import_timeout),
        parse_document(document),
        single_transaction_max=settings.import_single_transaction_max,
    )
    return ImportResult(**vars(summary))


@router.post(
    "/import",
    response_model=ImportResult,
    summary="Merge an interchange document into the graph; one bad record and nothing is written",
    responses={422: {"description": "the bad records, by JSON path (the first 100, with the total); nothing written"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InterchangeDocument"}}},
        }
    },
)
async def import_graph(request: Request, db: GraphDb, settings: SettingsDep) -> ImportResult:
    # Parsed and validated off the event loop: a large document must not stall other requests.
    return await run_in_threadpool(_import, await request.body(), db, settings)


@router.get(
    "/export",
    summary="The whole graph as an interchange document, byte-stable",
    response_class=Response,
    responses={200: {"model": InterchangeDocument, "content": {"application/json": {}}}},
)
def export_graph(db: GraphDb) -> Response:
    return Response(canonical_json(export_document(db)), media_type="application/json")
