"""Dependencies that routes declare by name."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from app.settings import Settings
from graph.analysis.service import AnalysisService, Answers
from graph.database import Database
from graph.domain import Classification
from graph.nodes import NodeRepository
from graph.readiness import GraphState
from graph.relationships import RelationshipRepository

__all__ = ["Analysis", "GraphDb", "Nodes", "Relationships", "SettingsDep", "State"]


def _state(request: Request) -> GraphState:
    return cast(GraphState, request.app.state.graph)


def _db(request: Request) -> Database:
    return _state(request).ensure_ready()


def _settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


State = Annotated[GraphState, Depends(_state)]
GraphDb = Annotated[Database, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]


def _nodes(db: GraphDb) -> NodeRepository:
    return NodeRepository(db)


def _relationships(db: GraphDb) -> RelationshipRepository:
    return RelationshipRepository(db)


def _analysis(request: Request, db: GraphDb) -> Answers:
    service = cast(AnalysisService, request.app.state.analysis)
    return service.for_caller(Classification.STG_GEHEIM)


Nodes = Annotated[NodeRepository, Depends(_nodes)]
Relationships = Annotated[RelationshipRepository, Depends(_relationships)]
Analysis = Annotated[Answers, Depends(_analysis)]
