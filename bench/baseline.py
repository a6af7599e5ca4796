"""The import baseline: the same document written by the plainest batched UNWIND.

No validation, no MERGE, no change detection, no single transaction: one ``UNWIND ...
CREATE`` per label and one ``UNWIND ... MATCH ... MATCH ... CREATE`` per (type, from label,
to label), ``BATCH`` rows per transaction. That is about the fastest a client can load the
graph through Bolt, so importer/baseline says what the service's guarantees cost.

The labels and types are written into the statements (static labels let the planner seek
the per-label uniqueness constraints). They come from ``graph.domain``'s allowlist, never
from the document unchecked. This Cypher is bench-only and deliberately not in ``cypher/``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, LiteralString, cast

from neo4j import Driver

from graph.domain import LABELS, PATTERNS
from graph.transfer import SERVICE_PROPERTIES

__all__ = ["BATCH", "baseline_import"]

BATCH = 2000  # the importer's batch size too (graph/transfer.py)


def _node_statement(label: str) -> LiteralString:
    if label not in LABELS:
        raise ValueError(f"label {label!r} is not in the domain")
    # The raw-driver baseline writes its labels into the text on purpose (after the
    # allowlist check above); mypy treats LiteralString as str, so the cast is for readers.
    statement = f"UNWIND $rows AS row CREATE (n:Node:{label}) SET n = row.properties, n.id = row.id"
    return cast(LiteralString, statement)  # type: ignore[redundant-cast]


def _relationship_statement(rel_type: str, from_label: str, to_label: str) -> LiteralString:
    if rel_type not in PATTERNS or from_label not in LABELS or to_label not in LABELS:
        raise ValueError(f"({from_label})-[:{rel_type}]->({to_label}) is not in the domain")
    return cast(  # type: ignore[redundant-cast]  # as in _node_statement
        LiteralString,
        "UNWIND $rows AS row "
        f"MATCH (a:{from_label} {{id: row.from_id}}) "
        f"MATCH (b:{to_label} {{id: row.to_id}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.properties",
    )


def baseline_import(driver: Driver, database: str, document: dict[str, Any]) -> int:
    """Write ``document`` (a raw interchange dict) into an empty graph; return records written."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in document.get("nodes", []):
        props = {k: v for k, v in (node.get("properties") or {}).items() if k not in SERVICE_PROPERTIES and k != "id"}
        nodes[node["label"]].append({"id": node["id"], "properties": props})
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel in document.get("relationships", []):
        key = (rel["type"], rel["from"]["label"], rel["to"]["label"])
        rels[key].append(
            {"from_id": rel["from"]["id"], "to_id": rel["to"]["id"], "properties": rel.get("properties") or {}}
        )

    written = 0
    for label, rows in sorted(nodes.items()):
        statement = _node_statement(label)
        for start in range(0, len(rows), BATCH):
            driver.execute_query(statement, {"rows": rows[start : start + BATCH]}, database_=database)
        written += len(rows)
    for (rel_type, from_label, to_label), rows in sorted(rels.items()):
        statement = _relationship_statement(rel_type, from_label, to_label)
        for start in range(0, len(rows), BATCH):
            driver.execute_query(statement, {"rows": rows[start : start + BATCH]}, database_=database)
        written += len(rows)
    return written
