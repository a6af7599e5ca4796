"""Import and export of whole graphs in the interchange format."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from app.deps import GraphDb, SettingsDep
from app.interchange import parse_document
from app.models.transfer import ImportResult
from graph.transfer import canonical_json, export_document, import_document

router = APIRouter(prefix="/api/v1", tags=["import/export"])


@router.post(
    "/import",
    response_model=ImportResult,
    summary="Merge an interchange document into the graph; one bad record and nothing is written",
    responses={422: {"description": "every bad record, by JSON path; nothing was written"}},
)
def import_graph(db: GraphDb, settings: SettingsDep, document: Annotated[dict[str, Any], Body()]) -> ImportResult:
    summary = import_document(
        db.with_timeout(settings.import_timeout),
        parse_document(document),
        single_transaction_max=settings.import_single_transaction_max,
    )
    return ImportResult(**vars(summary))


@router.get("/export", summary="The whole graph as an interchange document, byte-stable")
def export_graph(db: GraphDb) -> Response:
    return Response(canonical_json(export_document(db)), media_type="application/json")
