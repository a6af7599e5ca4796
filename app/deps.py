"""Dependencies that routes declare by name."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.settings import Settings
from graph.analysis.cache import AnswerCache
from graph.database import Database
from graph.nodes import NodeRepository
from graph.readiness import GraphState
from graph.relationships import RelationshipRepository

__all__ = ["Answers", "GraphDb", "Nodes", "Relationships", "SettingsDep", "State"]


def _state(request: Request) -> GraphState:
    return request.app.state.graph  # type: ignore[no-any-return]


def _db(request: Request) -> Database:
    return _state(request).ensure_ready()


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


State = Annotated[GraphState, Depends(_state)]
GraphDb = Annotated[Database, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]


def _nodes(db: GraphDb) -> NodeRepository:
    return NodeRepository(db)


def _relationships(db: GraphDb) -> RelationshipRepository:
    return RelationshipRepository(db)


def _answers(request: Request) -> AnswerCache:
    return _state(request).answers


Nodes = Annotated[NodeRepository, Depends(_nodes)]
Answers = Annotated[AnswerCache, Depends(_answers)]
Relationships = Annotated[RelationshipRepository, Depends(_relationships)]
