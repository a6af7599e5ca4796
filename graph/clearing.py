"""Emptying the graph, for an operator (``kg graph clear``) and the benchmark."""

from __future__ import annotations

from graph.database import Database

__all__ = ["clear_graph"]


def clear_graph(db: Database) -> int:
    """Delete every domain node and relationship (not the schema, not the bookkeeping);
    return how many nodes went. Batched: one transaction per 10,000 nodes, then the graph
    version goes up so that no cached answer outlives the graph it was computed on."""
    deleted = int(db.autocommit("graph_clear_batched")[0]["deleted"])
    db.write_unit(lambda tx: None)
    return deleted
