"""Constraints and indexes, applied idempotently, and the schema version kept in the graph.

The version lives on one ``(:SchemaVersion {id: 'schema'})`` node, outside the domain
labels, so exports never carry it. Raise ``SCHEMA_VERSION`` whenever ``schema.cypher``
changes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph.cypher_catalog import query, script
from graph.database import Database

__all__ = ["SCHEMA_VERSION", "apply_schema", "schema_version"]

SCHEMA_VERSION = 3
_INDEX_DEADLINE_SECONDS = 120


def apply_schema(db: Database) -> int:
    """Create what is missing, wait for indexes to come online, record the version."""
    for statement in script("schema"):
        db.write_statement(statement)
    db.write_statement(query("schema_await_indexes"), seconds=_INDEX_DEADLINE_SECONDS)
    rows = db.write_statement(
        query("schema_version_set"), version=SCHEMA_VERSION, applied_at=datetime.now(UTC).isoformat()
    )
    return int(rows[0]["version"])


def schema_version(db: Database) -> int | None:
    rows = db.read("schema_version_get")
    return int(rows[0]["version"]) if rows else None
