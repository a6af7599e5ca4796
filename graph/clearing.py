"""Emptying the graph, for an operator (``kg graph clear``) and the benchmark."""

from __future__ import annotations

from graph import audit
from graph.actor import Actor
from graph.database import Database, Transaction
from graph.domain import Classification

__all__ = ["clear_graph"]


def clear_graph(db: Database, actor: Actor) -> int:
    """Delete every domain node and relationship (not the schema, the audit trail or the
    credentials); return how many nodes went. Batched: one transaction per 10,000 nodes,
    then one that records it (visible only at the highest classification: it touched
    everything) and raises the graph version, so that no cached answer outlives the graph
    it was computed on."""
    deleted = int(db.autocommit("graph_clear_batched")[0]["deleted"])

    def work(tx: Transaction) -> None:
        audit.record(
            tx,
            actor,
            "graph_cleared",
            target_label="Graph",
            target_id="graph",
            classification=Classification.STG_GEHEIM.value,
            after={"deleted_nodes": deleted},
        )

    db.write_unit(work)
    return deleted
