"""Validation of interchange documents (``lessons-graph/1``), from the API or a file.

Every bad record is reported with its JSON path (``nodes[12].properties.status``) and
the reason; nothing is imported while any record is bad.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from app.errors import validation_problems
from app.models.fields import ID_PATTERN, NodeId
from app.models.nodes import properties_of
from graph.collector import collector_paused
from graph.domain import LABELS, SINGLE_TARGET
from graph.errors import InvalidInput, Problem, Problems
from graph.relationships import NodeRef, Relationship, relationship_problems
from graph.transfer import FORMAT, SERVICE_PROPERTIES, ValidDocument, ValidNode

__all__ = ["load_file", "parse_document"]

_NODE_ID: TypeAdapter[str] = TypeAdapter(NodeId)
_ID = re.compile(ID_PATTERN)
_DOCUMENT_KEYS = frozenset({"format", "nodes", "relationships"})
_NODE_KEYS = frozenset({"label", "id", "properties"})
_RELATIONSHIP_KEYS = frozenset({"type", "from", "to", "properties"})
_REF_KEYS = frozenset({"label", "id"})


def _unknown_keys(value: dict[str, Any], allowed: frozenset[str], location: str, problems: Problems) -> bool:
    """Report keys the format does not have (a typo must not be ignored); True if any."""
    if allowed.issuperset(value):
        return False
    unknown = sorted(str(key) for key in value if key not in allowed)
    for key in unknown:
        problems.append(Problem(location, f"unknown key {key!r}", sorted(allowed)))
    return bool(unknown)


def _ref(value: Any, location: str, problems: Problems) -> NodeRef | None:
    if not isinstance(value, dict):
        problems.append(Problem(location, "must be an object {label, id}"))
        return None
    if _unknown_keys(value, _REF_KEYS, location, problems):
        return None
    label, node_id = value.get("label"), value.get("id")
    if not isinstance(label, str) or not isinstance(node_id, str):
        problems.append(Problem(location, "must have string 'label' and 'id'"))
        return None
    if not _ID.match(node_id):
        problems.append(Problem(f"{location}.id", "must be a slug of a-z, 0-9, '.', '_' or '-' (at most 128)"))
        return None
    return NodeRef(label, node_id)


def _node(i: int, raw: Any, problems: Problems) -> ValidNode | None:
    where = f"nodes[{i}]"
    if not isinstance(raw, dict):
        problems.append(Problem(where, "must be an object {label, id, properties}"))
        return None
    if _unknown_keys(raw, _NODE_KEYS, where, problems):
        return None
    label, node_id, props = raw.get("label"), raw.get("id"), raw.get("properties", {})
    if not isinstance(label, str) or label not in LABELS:
        problems.append(Problem(f"{where}.label", f"unknown label {label!r}", sorted(LABELS)))
        return None
    try:
        node_id = _NODE_ID.validate_python(node_id)
    except ValidationError:
        problems.append(Problem(f"{where}.id", "must be a slug of a-z, 0-9, '.', '_' or '-' (at most 128)"))
        return None
    if not isinstance(props, dict):
        problems.append(Problem(f"{where}.properties", "must be an object"))
        return None
    props = {k: v for k, v in props.items() if k not in SERVICE_PROPERTIES and k != "id"}
    try:
        valid = properties_of(label).model_validate(props)
    except ValidationError as e:
        problems.extend(validation_problems(e.errors(), f"{where}.properties"))
        return None
    # Only what the document says is merged into an existing node; the model's defaults
    # (classification, ll_body, formalised) apply when the node is created, so a partial
    # document never resets a node's classification or flags.
    given = valid.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    defaults = {k: v for k, v in valid.model_dump(mode="json", exclude_none=True).items() if k not in given}
    return ValidNode(NodeRef(label, node_id), given, defaults)


def _relationship(i: int, raw: Any, problems: Problems) -> Relationship | None:
    where = f"relationships[{i}]"
    if not isinstance(raw, dict):
        problems.append(Problem(where, "must be an object {type, from, to, properties}"))
        return None
    if _unknown_keys(raw, _RELATIONSHIP_KEYS, where, problems):
        return None
    start = _ref(raw.get("from"), f"{where}.from", problems)
    end = _ref(raw.get("to"), f"{where}.to", problems)
    props = raw.get("properties") or {}
    if not isinstance(props, dict):
        problems.append(Problem(f"{where}.properties", "must be an object"))
        return None
    if start is None or end is None or not isinstance(raw.get("type"), str):
        if not isinstance(raw.get("type"), str):
            problems.append(Problem(f"{where}.type", "must be a string"))
        return None
    rel = Relationship(raw["type"], start, end, props)
    found = relationship_problems(rel, where)
    problems.extend(found)
    return None if found else rel


def parse_document(data: Any) -> ValidDocument:
    """A validated document, or ``InvalidInput`` listing every bad record."""
    with collector_paused():
        return _parse(data)


def _parse(data: Any) -> ValidDocument:
    if not isinstance(data, dict):
        raise InvalidInput("an interchange document is a JSON object", [Problem("$", "must be an object")])
    problems = Problems()
    _unknown_keys(data, _DOCUMENT_KEYS, "$", problems)
    if data.get("format") != FORMAT:
        problems.append(Problem("format", f"must be {FORMAT!r}", [FORMAT]))
    for key in ("nodes", "relationships"):
        if not isinstance(data.get(key, []), list):
            problems.append(Problem(key, "must be a list"))
    if problems:
        raise InvalidInput("not an interchange document", problems.items)

    doc = ValidDocument()
    seen_nodes: dict[NodeRef, int] = {}
    for i, raw in enumerate(data.get("nodes", [])):
        node = _node(i, raw, problems)
        if node is None:
            continue
        if node.ref in seen_nodes:
            problems.append(Problem(f"nodes[{i}].id", f"duplicate of nodes[{seen_nodes[node.ref]}]"))
            continue
        seen_nodes[node.ref] = i
        doc.nodes.append(node)

    seen_rels: dict[tuple[str, NodeRef, NodeRef], int] = {}
    single: dict[tuple[NodeRef, str], int] = {}
    for i, raw in enumerate(data.get("relationships", [])):
        rel = _relationship(i, raw, problems)
        if rel is None:
            continue
        rel_key = (rel.type, rel.start, rel.end)
        if rel_key in seen_rels:
            problems.append(Problem(f"relationships[{i}]", f"duplicate of relationships[{seen_rels[rel_key]}]"))
            continue
        seen_rels[rel_key] = i
        if (rel.start.label, rel.type) in SINGLE_TARGET:
            if (rel.start, rel.type) in single:
                problems.append(
                    Problem(
                        f"relationships[{i}]",
                        f"{rel.start.label} {rel.start.id!r} can have only one {rel.type}; "
                        f"relationships[{single[(rel.start, rel.type)]}] already gives one",
                    )
                )
                continue
            single[(rel.start, rel.type)] = i
        doc.relationships.append(rel)
    if problems:
        raise InvalidInput(problems.summary("record(s) are invalid") + "; nothing was written", problems.items)
    return doc


def load_file(path: Path) -> Any:
    """A document from a JSON or YAML file (YAML for hand-edited ones)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".yaml", ".yml"}:
        return yaml.safe_load(text)
    return json.loads(text)
