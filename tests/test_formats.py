"""GraphML and the CSV zip as pure functions of an interchange document: what networkx,
``csv`` and ``zipfile`` read back from them. No database."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import networkx as nx

from graph.domain import LABELS, PATTERNS
from graph.formats import ExportFormat, csv_zip, encode, graphml
from tests.graphs import GraphBuilder


def _document() -> dict[str, Any]:
    g = GraphBuilder()
    g.node("Organisation", "ivd", name="Inspectie <IVD> & co", kind="inspectorate", ll_body=True)
    g.node("Organisation", "tno", name="TNO", kind="research_institute", ll_body=False, classification="STG_GEHEIM")
    g.node("Mission", "rsm", name="Resolute Support", start="2015-01", article100=True)
    g.node("Theme", "odd", name="=SUM(A1:A2)", scheme="- lessons", tags=["a", "b"], weight=2)
    g.nodes[-1]["properties"]["label"] = "a property"  # not in DOMAIN.md, but a graph may hold it
    g.node("Finding", "ctl", text="line one\r\nline two \x01 end")
    g.rel("CONTRIBUTED_TO", "Organisation", "ivd", "Mission", "rsm", quote="@once")
    g.rel("CONTRIBUTED_TO", "Organisation", "tno", "Mission", "rsm")
    g.rel("SOURCED_FROM", "Organisation", "ivd", "Mission", "rsm", note="a parallel edge of another type")
    return g.document()


def _read_graphml(data: bytes) -> Any:
    return nx.read_graphml(io.BytesIO(data))


def test_graphml_round_trips_through_networkx() -> None:
    document = _document()
    data = graphml(document)
    ET.fromstring(data)  # noqa: S314  # well-formed XML; the file is our own
    graph = _read_graphml(data)
    assert graph.is_directed()
    assert graph.number_of_nodes() == len(document["nodes"])
    assert graph.number_of_edges() == len(document["relationships"]), "parallel edges of two types both kept"
    ivd = graph.nodes["Organisation:ivd"]
    assert ivd["label"] == "Organisation"
    assert ivd["name"] == "Inspectie <IVD> & co"
    assert ivd["ll_body"] is True, "booleans are typed keys"
    assert graph.nodes["Organisation:tno"]["ll_body"] is False
    theme = graph.nodes["Theme:odd"]
    assert theme["tags"] == '["a", "b"]', "lists are JSON text"
    assert theme["weight"] == 2
    assert theme["property_label"] == "a property", "a property named like the label attribute keeps its value"
    assert theme["label"] == "Theme"
    assert graph.nodes["Finding:ctl"]["text"] == "line one\r\nline two \ufffd end", "XML cannot hold \\x01"
    types = sorted(data["type"] for _, _, data in graph.edges(data=True))
    assert types == ["CONTRIBUTED_TO", "CONTRIBUTED_TO", "SOURCED_FROM"]
    quotes = [d.get("quote") for u, _, d in graph.edges(data=True) if u == "Organisation:ivd"]
    assert "@once" in quotes


def test_graphml_is_the_same_for_the_same_graph() -> None:
    assert graphml(_document()) == graphml(_document())
    assert b'attr.name="ll_body" attr.type="boolean"' in graphml(_document())
    assert b'edgedefault="directed"' in graphml(_document())


def test_an_empty_graph() -> None:
    empty = {"format": "lessons-graph/1", "nodes": [], "relationships": []}
    assert _read_graphml(graphml(empty)).number_of_nodes() == 0
    with zipfile.ZipFile(io.BytesIO(csv_zip(empty))) as archive:
        assert len(archive.namelist()) == len(LABELS) + len(PATTERNS)


def _csv_files(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        out = {}
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            out[name] = list(csv.DictReader(io.StringIO(text, newline="")))
        return out


def test_the_csv_zip_holds_one_file_per_label_and_type() -> None:
    data = csv_zip(_document(), node_columns={"Organisation": ["classification", "name", "kind", "ll_body"]})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert archive.read("nodes/Organisation.csv").startswith(b"\xef\xbb\xbf"), "a byte-order mark for spreadsheets"
        header = archive.read("nodes/Organisation.csv").decode("utf-8-sig").splitlines()[0]
    assert names == sorted(names)
    assert {f"nodes/{label}.csv" for label in LABELS} | {f"relationships/{t}.csv" for t in PATTERNS} == set(names)
    assert header == "id,classification,name,kind,ll_body", "the columns given, in their order"
    files = _csv_files(data)
    orgs = files["nodes/Organisation.csv"]
    assert [row["id"] for row in orgs] == ["ivd", "tno"]
    assert orgs[0]["ll_body"] == "true"
    assert orgs[1]["classification"] == "STG_GEHEIM"
    assert orgs[0]["name"] == "Inspectie <IVD> & co"
    [theme] = files["nodes/Theme.csv"]
    assert theme["name"] == "'=SUM(A1:A2)", "a formula is shown, not run"
    assert theme["scheme"] == "'- lessons"
    assert theme["tags"] == '["a", "b"]'
    assert theme["weight"] == "2"
    assert files["nodes/Finding.csv"][0]["text"] == "line one\r\nline two \x01 end", "CSV holds any text"
    contributed = files["relationships/CONTRIBUTED_TO.csv"]
    assert list(contributed[0]) == ["from_label", "from_id", "to_label", "to_id", "note", "quote", "source"]
    assert [(r["from_id"], r["to_id"], r["quote"]) for r in contributed] == [
        ("ivd", "rsm", "'@once"),
        ("tno", "rsm", ""),
    ]
    assert files["relationships/PART_OF.csv"] == []


def test_the_csv_zip_is_the_same_for_the_same_graph() -> None:
    assert csv_zip(_document()) == csv_zip(_document())


def test_encode_names_media_type_and_file() -> None:
    as_graphml = encode(_document(), ExportFormat.graphml)
    assert (as_graphml.media_type, as_graphml.filename) == ("application/graphml+xml", "lessons-graph.graphml")
    as_csv = encode(_document(), ExportFormat.csv)
    assert (as_csv.media_type, as_csv.filename) == ("application/zip", "lessons-graph-csv.zip")
