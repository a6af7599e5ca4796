"""The schema is applied idempotently and recorded in the graph."""

from __future__ import annotations

from typing import Any

from graph.database import Database
from graph.schema import SCHEMA_VERSION, apply_schema, schema_version

DOMAIN_LABELS = {
    "Organisation",
    "Mission",
    "Evaluation",
    "Finding",
    "Recommendation",
    "Response",
    "Action",
    "Interface",
    "Document",
    "Theme",
}


def _schema(db: Database) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return db.read("schema_constraints"), [
        {k: v for k, v in row.items() if k != "state"} for row in db.read("schema_indexes")
    ]


def test_applying_twice_gives_the_same_constraints_and_indexes(db: Database) -> None:
    apply_schema(db)
    first = _schema(db)
    assert apply_schema(db) == SCHEMA_VERSION
    assert _schema(db) == first


def test_every_domain_label_has_a_unique_id(db: Database) -> None:
    constraints, _ = _schema(db)
    unique_ids = {
        row["labels"][0] for row in constraints if row["type"] == "UNIQUENESS" and row["properties"] == ["id"]
    }
    assert unique_ids >= DOMAIN_LABELS


def test_indexes_are_online_and_text_search_uses_the_dutch_analyzer(db: Database) -> None:
    indexes = db.read("schema_indexes")
    assert all(row["state"] == "ONLINE" for row in indexes)
    fulltext = [row for row in indexes if row["type"] == "FULLTEXT"]
    assert [row["name"] for row in fulltext] == ["node_text"]
    assert set(fulltext[0]["labels"]) == DOMAIN_LABELS


def test_schema_version_is_recorded(db: Database) -> None:
    apply_schema(db)
    assert schema_version(db) == SCHEMA_VERSION
