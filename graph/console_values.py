"""Values a console query returns, made JSON-safe.

- a node is ``{"labels": [...], "properties": {...}}`` and a relationship
  ``{"type": ..., "properties": {...}}``: Neo4j's internal element ids are never shown
  (the domain's own ``id`` is a property like any other);
- a path is ``{"nodes": [...], "relationships": [...]}`` in the path's order;
- dates, times, date-times and durations are ISO 8601 strings;
- a point is ``{"srid": ..., "coordinates": [...]}``, bytes are base64 text;
- a float that JSON cannot hold is the string ``"NaN"``, ``"Infinity"`` or ``"-Infinity"``.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

__all__ = ["json_safe"]

_TEMPORAL = (Date, DateTime, Duration, Time)


def _float(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _properties(entity: Node | Relationship) -> dict[str, Any]:
    return {key: json_safe(value) for key, value in sorted(entity.items())}


def _node(node: Node) -> dict[str, Any]:
    return {"labels": sorted(node.labels), "properties": _properties(node)}


def _relationship(rel: Relationship) -> dict[str, Any]:
    return {"type": rel.type, "properties": _properties(rel)}


def json_safe(value: Any) -> Any:
    """``value`` as the driver returned it, in types that JSON holds."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return {"nodes": [_node(n) for n in value.nodes], "relationships": [_relationship(r) for r in value]}
    # Durations and points are tuples too: they come before lists.
    if isinstance(value, _TEMPORAL):
        return value.iso_format()
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": [_float(float(c)) for c in value]}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return Duration(seconds=value.total_seconds()).iso_format()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)  # a type this driver version added: its text rather than a failure
