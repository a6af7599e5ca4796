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
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph import audit
from graph.actor import Actor
from graph.clock import now_iso
from graph.collector import collector_paused
from graph.database import Database, Transaction
from graph.domain import SINGLE_TARGET, classification_rank
from graph.errors import Conflict, DatabaseUnavailable, Forbidden, GraphError, InvalidInput, Problem, Problems
from graph.formats import Encoded, ExportFormat, encode
from graph.relationships import NodeRef, Relationship

__all__ = [
    "FORMAT",
    "ImportSummary",
    "ValidDocument",
    "ValidNode",
    "canonical_json",
    "export_as",
    "export_document",
    "import_document",
]

FORMAT = "lessons-graph/1"
SERVICE_PROPERTIES = frozenset({"created_at", "updated_at", "version"})
_BATCH = 2000
# A transaction that lost a race to create a node another import created is run again.
_CONFLICT_RETRIES = 3
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


def _classification(node: ValidNode) -> str:
    return str(node.properties.get("classification", node.defaults.get("classification", "ONGERUBRICEERD")))


def _clearance_problems(
    db: Database, doc: ValidDocument, actor: Actor, *, declassify: bool
) -> tuple[Problems, Problems]:
    """What the actor may not write: nodes above their clearance (403), and nodes that exist
    but are hidden from them (the id is taken, as for a create: no more is said) or would be
    lowered without ``declassify`` (both 422, with the other problems of the document)."""
    forbidden, problems = Problems(), Problems()
    for i, node in enumerate(doc.nodes):
        if classification_rank(_classification(node)) > actor.clearance.rank:
            forbidden.append(
                Problem(f"nodes[{i}].properties.classification", f"above your clearance ({actor.clearance.value})")
            )
    index = {node.ref: i for i, node in enumerate(doc.nodes)}
    for chunk in _batches(sorted(index, key=lambda r: (r.label, r.id)), _BATCH):
        keys = [{"label": r.label, "id": r.id} for r in chunk]
        for row in db.read("nodes_classified", keys=keys):
            i = index[NodeRef(row["label"], row["id"])]
            current = classification_rank(row["classification"])
            given = doc.nodes[i].properties.get("classification")
            if current > actor.clearance.rank:
                problems.append(Problem(f"nodes[{i}].id", f"a {row['label']} with this id already exists"))
            elif given is not None and not declassify and classification_rank(given) < current:
                problems.append(
                    Problem(
                        f"nodes[{i}].properties.classification",
                        "lowers the classification; import with declassify to do so",
                    )
                )
    return forbidden, problems


def _graph_problems(db: Database, doc: ValidDocument, actor: Actor) -> Problems:
    in_document = {node.ref for node in doc.nodes}
    referenced = {ref for rel in doc.relationships for ref in (rel.start, rel.end)} - in_document
    existing: set[NodeRef] = set()
    for chunk in _batches(sorted(referenced, key=lambda r: (r.label, r.id)), _BATCH):
        keys = [{"label": r.label, "id": r.id} for r in chunk]
        existing |= {
            NodeRef(row["label"], row["id"])
            for row in db.read("nodes_existing", keys=keys, visible=list(actor.visible))
        }
    problems = Problems()
    missing = referenced - existing
    for i, rel in enumerate(doc.relationships if missing else ()):
        for end, ref in (("from", rel.start), ("to", rel.end)):
            if ref in missing:
                problems.append(
                    Problem(
                        f"relationships[{i}].{end}", f"no {ref.label} with id {ref.id!r} in the document or the graph"
                    )
                )
    single = [(i, rel) for i, rel in enumerate(doc.relationships) if (rel.start.label, rel.type) in SINGLE_TARGET]
    if single:
        keys = [{"label": rel.start.label, "id": rel.start.id, "type": rel.type} for _, rel in single]
        current = {
            (row["label"], row["id"], row["type"]): row
            for row in db.read("single_targets", keys=keys, visible=list(actor.visible))
        }
        for i, rel in single:
            target = current.get((rel.start.label, rel.start.id, rel.type))
            if target is not None and NodeRef(target["target_label"], target["target_id"]) != rel.end:
                problems.append(Problem(f"relationships[{i}]", _single_taken(rel.start, rel.type, target)))
    return problems


def _single_taken(start: NodeRef, rel_type: str, target: dict[str, Any]) -> str:
    """Why a single target is taken; a target the caller cannot see is never named."""
    where = f"{start.label} {start.id!r} already has {rel_type}"
    if not target["target_visible"]:
        return f"{where} to a node you cannot see; it can have only one"
    return f"{where} to {target['target_label']} {target['target_id']!r} in the graph; it can have only one"


@dataclass(frozen=True)
class _Step:
    """One batch of an import: nodes of one label, or relationships of one type."""

    name: str  # the label or the relationship type
    rows: list[dict[str, Any]]
    nodes: bool

    @property
    def size(self) -> int:
        return len(self.rows)

    def run(self, tx: Transaction, now: str, actor: Actor) -> dict[str, Any]:
        """Write the batch; returns the counts of what it created and updated."""
        if self.nodes:
            return tx.run("import_nodes", label=self.name, rows=self.rows, now=now)[0]
        starts = sorted({(row["from_label"], row["from_id"]) for row in self.rows})
        if any((label, self.name) in SINGLE_TARGET for label, _ in starts):
            _check_single_targets(tx, self.name, self.rows, starts, actor)
        row = tx.run("import_relationships", type=self.name, rows=self.rows)[0]
        if row["matched"] < len(self.rows):
            raise Conflict(
                "a node the document refers to was deleted while the import ran; "
                "nothing of this transaction was written: import again"
            )
        return row


def _check_single_targets(
    tx: Transaction, rel_type: str, rows: list[dict[str, Any]], starts: list[tuple[str, str]], actor: Actor
) -> None:
    """Under the locks of the start nodes, refuse a second target for a single-target type
    (an Action's one owner, an Interface's one FROM and TO): a concurrent import or PUT
    cannot slip one in between the check and the write."""
    tx.run("nodes_lock", keys=[{"label": label, "id": node_id} for label, node_id in starts])
    keys = [{"label": label, "id": node_id, "type": rel_type} for label, node_id in starts]
    found = tx.run("single_targets", keys=keys, visible=list(actor.visible))
    current = {(r["label"], r["id"]): r for r in found}
    problems = []
    for row in rows:
        target = current.get((row["from_label"], row["from_id"]))
        if target is not None and (target["target_label"], target["target_id"]) != (row["to_label"], row["to_id"]):
            start = NodeRef(row["from_label"], row["from_id"])
            problems.append(Problem(f"relationships[{row['index']}]", _single_taken(start, rel_type, target)))
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
        rels_by_type[rel.type].append(
            {
                "from_label": rel.start.label,
                "from_id": rel.start.id,
                "to_label": rel.end.label,
                "to_id": rel.end.id,
                "properties": rel.properties,
                "index": index,
            }
        )
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
    actor: Actor,
    *,
    progress: Callable[[int], object] | None = None,
    single_transaction_max: int = 50_000,
    declassify: bool = False,
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
    with collector_paused():
        return _import(db, doc, actor, progress, single_transaction_max, declassify)


def _import(
    db: Database,
    doc: ValidDocument,
    actor: Actor,
    progress: Callable[[int], object] | None,
    single_transaction_max: int,
    declassify: bool,
) -> ImportSummary:
    forbidden, taken = _clearance_problems(db, doc, actor, declassify=declassify)
    if forbidden:
        raise Forbidden(
            forbidden.summary("record(s) are above your clearance") + "; nothing was written", forbidden.items
        )
    problems = _graph_problems(db, doc, actor)
    problems.extend(taken.items)
    if problems:
        raise InvalidInput(problems.summary("record(s) cannot be imported") + "; nothing was written", problems.items)
    steps = _steps(doc)
    now = now_iso()
    import_id = actor.request_id or uuid.uuid4().hex

    def audited(tx: Transaction, written: list[_Step]) -> None:
        """One record per transaction: what it wrote, visible at its highest classification."""
        levels = [
            {**row["defaults"], **row["properties"]}.get("classification", "ONGERUBRICEERD")
            for step in written
            if step.nodes
            for row in step.rows
        ]
        audit.record(
            tx,
            actor,
            "import",
            target_label="Import",
            target_id=import_id,
            classification=audit.target_classification(*levels),
            after={
                "records": sum(step.size for step in written),
                "of": doc.size,
                "labels": sorted({step.name for step in written if step.nodes}),
                "types": sorted({step.name for step in written if not step.nodes}),
            },
        )

    def fresh() -> ImportSummary:
        return ImportSummary(nodes_total=len(doc.nodes), relationships_total=len(doc.relationships))

    if doc.size <= single_transaction_max:

        def work(tx: Transaction) -> ImportSummary:
            summary = fresh()  # a retried transaction starts its count again
            for step in steps:
                _count(summary, step, step.run(tx, now, actor))
                if progress:
                    progress(step.size)
            audited(tx, steps)
            return summary

        touches = frozenset(step.name for step in steps)  # the labels and types written
        return db.write_unit(work, retry_conflicts=_CONFLICT_RETRIES, touches=touches)

    summary = fresh()
    written = 0
    for step in steps:

        def one(tx: Transaction, step: _Step = step) -> dict[str, Any]:
            row = step.run(tx, now, actor)
            audited(tx, [step])
            return row

        try:
            row = db.write_unit(one, retry_conflicts=_CONFLICT_RETRIES, touches=frozenset({step.name}))
        except GraphError as e:
            raise _stopped(e, written, doc.size) from e
        _count(summary, step, row)
        written += step.size
        if progress:
            progress(step.size)
    return summary


def export_document(db: Database, actor: Actor) -> dict[str, Any]:
    """The actor's visible graph: the nodes they see and the relationships between them."""
    visible = list(actor.visible)
    nodes = [
        {
            "label": row["label"],
            "id": row["id"],
            "properties": {k: v for k, v in row["properties"].items() if k not in SERVICE_PROPERTIES and k != "id"},
        }
        for row in db.read("export_nodes", visible=visible)
    ]
    relationships = [
        {
            "type": row["type"],
            "from": {"label": row["from_label"], "id": row["from_id"]},
            "to": {"label": row["to_label"], "id": row["to_id"]},
            "properties": row["properties"],
        }
        for row in db.read("export_relationships", visible=visible)
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


def export_as(
    db: Database,
    actor: Actor,
    fmt: ExportFormat = ExportFormat.json,
    *,
    node_columns: Mapping[str, Sequence[str]] | None = None,
) -> Encoded:
    """The actor's visible graph in ``fmt`` (see ``graph/formats.py``), audited with what it held."""
    document = export_document(db, actor)
    counts = {"nodes": len(document["nodes"]), "relationships": len(document["relationships"])}
    audit.record_read(db, actor, "export", target_label="Export", target_id=fmt.value, after=counts)
    if fmt is ExportFormat.json:
        return Encoded(canonical_json(document), "application/json")
    return encode(document, fmt, node_columns=node_columns)
