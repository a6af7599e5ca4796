"""The interchange document (``graph.transfer.export_document``) in the formats analysts'
tools open: pure functions, no database.

GraphML (Gephi, yEd, ``networkx.read_graphml``): one directed graph; a node's id is
``<Label>:<id>`` (stable across exports), its attribute ``label`` the label, and each
property a typed GraphML key (``boolean``, ``long``, ``double``, else ``string``); a list
or map is JSON text. An edge carries ``type`` and its properties. Edges are numbered in the
export's order (by type and ends), so the same graph gives the same file.

CSV, a zip: ``nodes/<Label>.csv`` for every label and ``relationships/<TYPE>.csv`` for
every relationship type of DOMAIN.md (a header alone when there is none), UTF-8 with a
byte-order mark (so that spreadsheets read accents right), RFC 4180 quoting. A node file's
columns are ``id`` and then the label's properties (``node_columns``, in the API's order);
a relationship file's are ``from_label, from_id, to_label, to_id`` and then the properties
its type may carry, sorted. Any other property found is a further column, sorted. ``true``
and ``false`` for booleans, an empty cell for none, JSON for a list; a text that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so that a
spreadsheet shows it rather than running it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.domain import LABELS, PATTERNS, RELATIONSHIP_PROPERTIES

__all__ = [
    "RELATIONSHIP_KEY_COLUMNS",
    "Encoded",
    "ExportFormat",
    "csv_table",
    "csv_zip",
    "encode",
    "graphml",
    "node_key",
]


class ExportFormat(StrEnum):
    json = "json"
    graphml = "graphml"
    csv = "csv"


@dataclass(frozen=True)
class Encoded:
    """An export as it is sent: its bytes, their media type, the file name to save as."""

    body: bytes
    media_type: str
    filename: str | None = None


RELATIONSHIP_KEY_COLUMNS = ("from_label", "from_id", "to_label", "to_id")
# XML 1.0 cannot hold these characters at all; they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The date and time of every file in the zip: the same graph gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def node_key(label: str, node_id: str) -> str:
    """A node's GraphML id: ``Organisation:nld-jfc``."""
    return f"{label}:{node_id}"


# -- GraphML ----------------------------------------------------------------------------------
def _graphml_type(values: Iterable[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _graphml_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double" and isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if kind in ("long", "double"):
        return repr(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _NOT_XML.sub("\ufffd", text)


def _xml_text(text: str) -> str:
    # A carriage return would come back as a line feed (XML normalises line ends) unless escaped.
    return escape(_NOT_XML.sub("\ufffd", text), {"\r": "&#13;"})


def _xml_id(label: str, node_id: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", node_key(label, node_id)))


class _Keys:
    """The GraphML keys of one domain (node or edge): a reserved attribute, then each
    property by name, typed by the values it has."""

    def __init__(self, domain: str, reserved: str, records: Sequence[Mapping[str, Any]], *, first: int = 0) -> None:
        self.domain = domain
        self.reserved = reserved
        values: dict[str, list[Any]] = {}
        for record in records:
            for name, value in record["properties"].items():
                values.setdefault(self._name(name), []).append(value)
        names = [reserved, *sorted(values)]
        self.ids = {name: f"d{first + i}" for i, name in enumerate(names)}  # unique in the file
        self.types = {reserved: "string"} | {name: _graphml_type(v) for name, v in values.items()}

    def _name(self, name: str) -> str:
        """A property named like the reserved attribute keeps its value under another name."""
        return f"property_{name}" if name == self.reserved else name

    def declarations(self) -> list[str]:
        return [
            f'  <key id="{key}" for="{self.domain}" attr.name={quoteattr(name)} attr.type="{self.types[name]}"/>'
            for name, key in self.ids.items()
        ]

    def data(self, reserved: str, properties: Mapping[str, Any]) -> list[str]:
        items = [(self.reserved, reserved), *sorted((self._name(k), v) for k, v in properties.items())]
        return [
            f'    <data key="{self.ids[name]}">{_xml_text(_graphml_value(value, self.types[name]))}</data>'
            for name, value in items
            if value is not None
        ]


def graphml(document: Mapping[str, Any]) -> bytes:
    """The document as a GraphML file."""
    nodes, rels = document["nodes"], document["relationships"]
    node_keys = _Keys("node", "label", nodes)
    edge_keys = _Keys("edge", "type", rels, first=len(node_keys.ids))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        *node_keys.declarations(),
        *edge_keys.declarations(),
        '  <graph id="G" edgedefault="directed">',
    ]
    for node in nodes:
        lines.append(f"   <node id={_xml_id(node['label'], node['id'])}>")
        lines += node_keys.data(node["label"], node["properties"])
        lines.append("   </node>")
    for i, rel in enumerate(rels):
        source = _xml_id(rel["from"]["label"], rel["from"]["id"])
        target = _xml_id(rel["to"]["label"], rel["to"]["id"])
        lines.append(f'   <edge id="e{i}" source={source} target={target}>')
        lines += edge_keys.data(rel["type"], rel["properties"])
        lines.append("   </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines).encode("utf-8")


# -- CSV --------------------------------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _columns(fixed: Sequence[str], records: Iterable[Mapping[str, Any]]) -> list[str]:
    found = {name for record in records for name in record}
    return list(fixed) + sorted(found - set(fixed))


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name) or "_"


def csv_table(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], *, encoding: str = "utf-8-sig") -> bytes:
    """One CSV table (the export's files, the analysis lists): text that a spreadsheet would
    read as a formula is neutralised; the byte order mark (the default) tells Excel it is UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue().encode(encoding)


def csv_zip(document: Mapping[str, Any], *, node_columns: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """The document as a zip of CSV files, one per label and one per relationship type.
    ``node_columns`` gives each label's property columns in order (after ``id``)."""
    node_rows: dict[str, list[dict[str, Any]]] = {label: [] for label in LABELS}
    for node in document["nodes"]:
        node_rows.setdefault(node["label"], []).append({"id": node["id"], **node["properties"]})
    rel_rows: dict[str, list[dict[str, Any]]] = {rel_type: [] for rel_type in PATTERNS}
    for rel in document["relationships"]:
        ends = {
            "from_label": rel["from"]["label"],
            "from_id": rel["from"]["id"],
            "to_label": rel["to"]["label"],
            "to_id": rel["to"]["id"],
        }
        rel_rows.setdefault(rel["type"], []).append({**rel["properties"], **ends})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for label in sorted(node_rows):
            fixed = ["id", *(node_columns or {}).get(label, ())]
            body = csv_table(_columns(fixed, node_rows[label]), node_rows[label])
            archive.writestr(zipfile.ZipInfo(f"nodes/{_file_name(label)}.csv", _ZIP_TIME), body, zipfile.ZIP_DEFLATED)
        for rel_type in sorted(rel_rows):
            fixed = [*RELATIONSHIP_KEY_COLUMNS, *sorted(RELATIONSHIP_PROPERTIES.get(rel_type, ()))]
            body = csv_table(_columns(fixed, rel_rows[rel_type]), rel_rows[rel_type])
            name = f"relationships/{_file_name(rel_type)}.csv"
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def encode(
    document: Mapping[str, Any], fmt: ExportFormat, *, node_columns: Mapping[str, Sequence[str]] | None = None
) -> Encoded:
    """The document as a GraphML file or a CSV zip (JSON is ``graph.transfer.canonical_json``)."""
    if fmt is ExportFormat.graphml:
        return Encoded(graphml(document), "application/graphml+xml", "lessons-graph.graphml")
    if fmt is ExportFormat.csv:
        return Encoded(csv_zip(document, node_columns=node_columns), "application/zip", "lessons-graph-csv.zip")
    raise ValueError(f"{fmt} is not a format of graph.formats")
