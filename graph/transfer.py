"""Import and export of whole graphs in the interchange format ``lessons-graph/1``.

Import is all or nothing for bad input: the document arrives validated (``ValidDocument``);
what only the database can tell (an end that exists neither in the document nor in the
graph, a second owner for an Action) is checked before anything is written. Documents up
to 50,000 records are then written in one transaction, larger ones batch by batch (see
``import_document`` for the recovery). Nodes and relationships are merged on their keys,
and unchanged ones are left alone, so importing the same document twice changes nothing.

Export is sorted (nodes by label and id, relationships by type and ends, keys of every
map) so that two exports of the same graph are byte-identical.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.clock import now_iso
from graph.database import Database, Transaction
from graph.domain import SINGLE_TARGET, Classification
from graph.errors import Conflict, DatabaseUnavailable, GraphError, InvalidInput, Problem, Problems
from graph.relationships import NodeRef, Relationship

__all__ = [
    "FORMAT",
    "ImportSummary",
    "ValidDocument",
    "ValidNode",
    "canonical_json",
    "export_document",
    "import_document",
]

FORMAT = "lessons-graph/1"
SERVICE_PROPERTIES = frozenset({"created_at", "updated_at", "version"})
_BATCH = 2000
# A transaction that lost a race to create a node another import created is run again.
_CONFLICT_RETRIES = 3
_EVERY_LEVEL = list(Classification.STG_GEHEIM.visible())
T = TypeVar("T")


@dataclass(frozen=True)
class ValidNode:
    ref: NodeRef
    properties: dict[str, Any]
    # Set only when the node is created (the model's defaults for what the document omits).
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class ValidDocument:
    nodes: list[ValidNode] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.relationships)


@dataclass
class ImportSummary:
    nodes_created: int = 0
    nodes_updated: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    nodes_total: int = 0
    relationships_total: int = 0

    @property
    def changed(self) -> bool:
        return any((self.nodes_created, self.nodes_updated, self.relationships_created, self.relationships_updated))


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _graph_problems(db: Database, doc: ValidDocument) -> Problems:
    in_document = {node.ref for node in doc.nodes}
    referenced = {ref for rel in doc.relationships for ref in (rel.start, rel.end)} - in_document
    existing: set[NodeRef] = set()
    for chunk in _batches(sorted(referenced, key=lambda r: (r.label, r.id)), _BATCH):
        keys = [{"label": r.label, "id": r.id} for r in chunk]
        existing |= {
            NodeRef(row["label"], row["id"]) for row in db.read("nodes_existing", keys=keys, visible=_EVERY_LEVEL)
        }
    problems = Problems()
    for i, rel in enumerate(doc.relationships):
        for end, ref in (("from", rel.start), ("to", rel.end)):
            if ref not in in_document and ref not in existing:
                problems.append(
                    Problem(
                        f"relationships[{i}].{end}", f"no {ref.label} with id {ref.id!r} in the document or the graph"
                    )
                )
    single = [(i, rel) for i, rel in enumerate(doc.relationships) if (rel.start.label, rel.type) in SINGLE_TARGET]
    if single:
        keys = [{"label": rel.start.label, "id": rel.start.id, "type": rel.type} for _, rel in single]
        current = {
            (row["label"], row["id"], row["type"]): NodeRef(row["target_label"], row["target_id"])
            for row in db.read("single_targets", keys=keys)
        }
        for i, rel in single:
            target = current.get((rel.start.label, rel.start.id, rel.type))
            if target is not None and target != rel.end:
                problems.append(
                    Problem(
                        f"relationships[{i}]",
                        f"{rel.start.label} {rel.start.id!r} already has {rel.type} to {target.label} "
                        f"{target.id!r} in the graph; it can have only one",
                    )
                )
    return problems


@dataclass(frozen=True)
class _Step:
    """One batch of an import: nodes of one label, or relationships of one type."""

    name: str  # the label or the relationship type
    rows: list[dict[str, Any]]
    nodes: bool

    @property
    def size(self) -> int:
        return len(self.rows)

    def run(self, tx: Transaction, now: str) -> dict[str, Any]:
        """Write the batch; returns the counts of what it created and updated."""
        if self.nodes:
            return tx.run("import_nodes", label=self.name, rows=self.rows, now=now)[0]
        starts = sorted({(row["from_label"], row["from_id"]) for row in self.rows})
        if any((label, self.name) in SINGLE_TARGET for label, _ in starts):
            _check_single_targets(tx, self.name, self.rows, starts)
        row = tx.run("import_relationships", type=self.name, rows=self.rows)[0]
        if row["matched"] < len(self.rows):
            raise Conflict(
                "a node the document refers to was deleted while the import ran; "
                "nothing of this transaction was written: import again"
            )
        return row


def _check_single_targets(
    tx: Transaction, rel_type: str, rows: list[dict[str, Any]], starts: list[tuple[str, str]]
) -> None:
    """Under the locks of the start nodes, refuse a second target for a single-target type
    (an Action's one owner, an Interface's one FROM and TO): a concurrent import or PUT
    cannot slip one in between the check and the write."""
    tx.run("nodes_lock", keys=[{"label": label, "id": node_id} for label, node_id in starts])
    keys = [{"label": label, "id": node_id, "type": rel_type} for label, node_id in starts]
    current = {(r["label"], r["id"]): (r["target_label"], r["target_id"]) for r in tx.run("single_targets", keys=keys)}
    problems = []
    for row in rows:
        target = current.get((row["from_label"], row["from_id"]))
        if target is not None and target != (row["to_label"], row["to_id"]):
            problems.append(
                Problem(
                    f"relationships[{row['index']}]",
                    f"{row['from_label']} {row['from_id']!r} already has {rel_type} to {target[0]} {target[1]!r} "
                    "in the graph; it can have only one",
                )
            )
    if problems:
        raise InvalidInput(f"{len(problems)} record(s) cannot be imported; nothing was written", problems)


def _steps(doc: ValidDocument) -> list[_Step]:
    nodes_by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in doc.nodes:
        nodes_by_label[node.ref.label].append(
            {"id": node.ref.id, "properties": node.properties, "defaults": node.defaults}
        )
    rels_by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for index, rel in enumerate(doc.relationships):
        params = rel.params()
        del params["type"]
        rels_by_type[rel.type].append({**params, "properties": rel.properties, "index": index})
    steps = [
        _Step(label, list(batch), nodes=True)
        for label in sorted(nodes_by_label)
        for batch in _batches(nodes_by_label[label], _BATCH)
    ]
    steps += [
        _Step(rel_type, list(batch), nodes=False)
        for rel_type in sorted(rels_by_type)
        for batch in _batches(rels_by_type[rel_type], _BATCH)
    ]
    return steps


def _count(summary: ImportSummary, step: _Step, row: dict[str, Any]) -> None:
    if step.nodes:
        summary.nodes_created += row["created"]
        summary.nodes_updated += row["updated"]
    else:
        summary.relationships_created += row["created"]
        summary.relationships_updated += row["updated"]


def _stopped(error: GraphError, written: int, total: int) -> GraphError:
    """The error of a batched import that stopped half way, saying how far it got."""
    where = f"the import stopped after {written} of {total} records were written"
    if isinstance(error, InvalidInput | Conflict):
        return type(error)(f"{where}: {error.message}", error.problems)
    return DatabaseUnavailable(f"{where}; the document is valid: import it again to complete it ({error.message})")


def import_document(
    db: Database,
    doc: ValidDocument,
    progress: Callable[[int], object] | None = None,
    *,
    single_transaction_max: int = 50_000,
) -> ImportSummary:
    """Merge ``doc`` into the graph.

    Up to ``single_transaction_max`` records the import is one transaction: all or nothing.
    A larger document would outgrow the server's transaction memory, so each batch commits
    on its own. Every record was validated against the graph before the first write, so
    only the database itself (or a concurrent change to the graph) can stop such an import
    half way; the error says how many records were written, and importing the same
    document again completes it (merges change nothing twice).

    Concurrent imports give the graph one import gives: relationships are merged under the
    locks of both ends, single targets checked under the lock of their start node, and a
    transaction that lost a race to create the same node is run again (it then merges).
    """
    problems = _graph_problems(db, doc)
    if problems:
        raise InvalidInput(problems.summary("record(s) cannot be imported") + "; nothing was written", problems.items)
    steps = _steps(doc)
    now = now_iso()

    def fresh() -> ImportSummary:
        return ImportSummary(nodes_total=len(doc.nodes), relationships_total=len(doc.relationships))

    if doc.size <= single_transaction_max:

        def work(tx: Transaction) -> ImportSummary:
            summary = fresh()  # a retried transaction starts its count again
            for step in steps:
                _count(summary, step, step.run(tx, now))
                if progress:
                    progress(step.size)
            return summary

        return db.write_unit(work, retry_conflicts=_CONFLICT_RETRIES)

    summary = fresh()
    written = 0
    for step in steps:

        def one(tx: Transaction, step: _Step = step) -> dict[str, Any]:
            return step.run(tx, now)

        try:
            row = db.write_unit(one, retry_conflicts=_CONFLICT_RETRIES)
        except GraphError as e:
            raise _stopped(e, written, doc.size) from e
        _count(summary, step, row)
        written += step.size
        if progress:
            progress(step.size)
    return summary


def export_document(db: Database) -> dict[str, Any]:
    nodes = [
        {
            "label": row["label"],
            "id": row["id"],
            "properties": {k: v for k, v in row["properties"].items() if k not in SERVICE_PROPERTIES and k != "id"},
        }
        for row in db.read("export_nodes")
    ]
    relationships = [
        {
            "type": row["type"],
            "from": {"label": row["from_label"], "id": row["from_id"]},
            "to": {"label": row["to_label"], "id": row["to_id"]},
            "properties": row["properties"],
        }
        for row in db.read("export_relationships")
    ]
    return {"format": FORMAT, "nodes": nodes, "relationships": relationships}


def canonical_json(document: dict[str, Any]) -> bytes:
    """The one serialisation of an export: sorted keys, UTF-8, one line per record."""
    lines = ['{"format": ' + json.dumps(document["format"]) + ","]
    for key in ("nodes", "relationships"):
        records = document[key]
        lines.append(f' "{key}": [')
        for i, record in enumerate(records):
            comma = "," if i < len(records) - 1 else ""
            lines.append("  " + json.dumps(record, sort_keys=True, ensure_ascii=False) + comma)
        lines.append(" ]" + ("," if key == "nodes" else ""))
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
