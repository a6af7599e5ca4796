"""Where a console plan starts reading: the console answers from the domain graph only
(DOMAIN.md, Security), never from the nodes the service keeps for itself (``AuditRecord``
and ``ApiKey``, for admins only; ``SchemaVersion``, ``GraphVersion``).

Every domain node carries ``Node`` and one label of ``graph.domain.LABELS``, and the
service writes relationships only between two ``Node``s (``cypher/relationship_create``,
``cypher/import_relationships``): no relationship touches a non-domain node. So a plan
stays in the domain graph when every place it *enters* the database names a domain label
or relationship type; expansions from there (``Expand``, ``VarLengthExpand``,
``ShortestPath``, ...) cannot leave it. Should the service ever link its own nodes to
domain nodes, expansions would have to be judged here too.

A plan enters the database at its leaves (measured on Neo4j 5.26 Community, whose
``Details`` argument names the labels and types a leaf reads):

- label scans and index seeks or scans (``n:Organisation``, ``UNIQUE n:Organisation(id)
  WHERE ...``, ``n:Node|Mission``), relationship type scans and index seeks
  (``(a)-[r:ADDRESSES]->(b)``) and the count store (``count( (:Node) )``): accepted when
  every label and type they name is a domain one;
- ``AllNodesScan``, the all-relationships scans, seeks by id or element id, and a count of
  all nodes or relationships: refused, they reach every node;
- leaves that read no graph (``Argument``, ``EmptyRow``, ``Projection``, ``Unwind``,
  ``Limit``, ``Skip``, ``EagerAggregation``, ``ProcedureCall`` of the allowlist): accepted;
- any other leaf: refused, the console does not know what it reads (an allowlist).

One thing escapes the walk: a ``COLLECT``, ``COUNT`` or ``EXISTS`` subquery (pattern
comprehensions are planned as ``COLLECT``) inside another expression (a list
comprehension, ``CASE``, ``reduce``, ``any``) is planned as an expression of its
operator, with no operators of its own in the tree; Neo4j shows it only as text in that
operator's ``Details``. Measured: ``RETURN [x IN [1] | COLLECT { MATCH (k:ApiKey) RETURN
k.hash }]`` plans as one leaf ``Projection``, and ``COLLECT { CALL db.info() ... }`` or
``COLLECT { LOAD CSV ... }`` hide the same way. Such a plan is refused as a whole.
"""

from __future__ import annotations

import re

from graph.domain import LABELS, PATTERNS
from graph.errors import QueryRefused

__all__ = ["DOMAIN_LABELS", "DOMAIN_TYPES", "check_entry", "check_nested"]

DOMAIN_LABELS = frozenset({"Node", *LABELS})
DOMAIN_TYPES = frozenset(PATTERNS)

# A name as the plan prints it: plain, or in backticks with a backtick doubled. Possessive,
# so a backticked variable such as `a``:Organisation` is read whole and cannot lend its
# inside to the label after it.
_NAME = r"(?:`(?:[^`]|``)*+`|[^\W\d]\w*+)"
_INDEX = r"(?:(?:RANGE|TEXT|POINT) INDEX|UNIQUE)"
_LABEL_EXPRESSION = rf"!?{_NAME}(?:[|&]!?{_NAME})*"
_TYPES = rf"{_NAME}(?:\|{_NAME})*"
_RELATIONSHIP = rf"\({_NAME}\)<?-\[{_NAME}:(?P<types>{_TYPES})\]->?\({_NAME}\)"

# Leaf operators that read from labels: `n:Organisation`, `n:Node|Mission`,
# `n:Organisation&Node`, `n:Node&!Organisation`.
_LABEL_SCANS = re.compile(rf"{_NAME}:(?P<labels>{_LABEL_EXPRESSION})")
_LABEL_SCAN_OPERATORS = frozenset(
    {"NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan", "SubtractionNodeByLabelsScan"}
)
# `RANGE INDEX n:Node(id) WHERE id = $x`, `UNIQUE n:Organisation(id) WHERE ...`: one label.
# (MultiNodeIndexSeek prints several; never seen in a read plan, so not accepted.)
_NODE_INDEX = re.compile(rf"{_INDEX} {_NAME}:(?P<labels>{_NAME})\(")
_NODE_INDEX_OPERATORS = frozenset(
    {
        "NodeIndexSeek",
        "NodeUniqueIndexSeek",
        "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange",
        "NodeIndexScan",
        "NodeIndexContainsScan",
        "NodeIndexEndsWithScan",
    }
)
# `(anon_0)-[r:ADDRESSES]->(anon_1)`, `(a)-[r:ADDRESSES|OWNED_BY]-(b)`.
_TYPE_SCAN = re.compile(_RELATIONSHIP)
_TYPE_SCAN_OPERATORS = frozenset(
    f"{direction}{scan}"
    for direction in ("Directed", "Undirected")
    for scan in ("RelationshipTypeScan", "UnionRelationshipTypesScan")
)
# `RANGE INDEX (a)-[r:ADDRESSES(note)]->(b) WHERE ...`: one type.
_RELATIONSHIP_INDEX = re.compile(rf"{_INDEX} \({_NAME}\)<?-\[{_NAME}:(?P<types>{_NAME})\(")
_RELATIONSHIP_INDEX_OPERATORS = frozenset(
    f"{direction}Relationship{kind}"
    for direction in ("Directed", "Undirected")
    for kind in (
        "IndexSeek",
        "UniqueIndexSeek",
        "IndexSeekByRange",
        "UniqueIndexSeekByRange",
        "IndexScan",
        "IndexContainsScan",
        "IndexEndsWithScan",
    )
)
# `count( (:Organisation), (:Mission) ) AS c`; `count( () )` counts every node.
_NODE_COUNT = re.compile(rf"count\( (?P<patterns>\((?::{_NAME})?\)(?:, \((?::{_NAME})?\))*) \) AS ")
_NODE_COUNT_PATTERN = re.compile(rf"\((?::(?P<label>{_NAME}))?\)")
# `count( (:Action)-[:ADDRESSES]->() ) AS c`; `count( ()-[]->() )` counts every relationship.
_RELATIONSHIP_COUNT = re.compile(
    rf"count\( \((?::(?P<start>{_NAME}))?\)<?-\[(?::(?P<types>{_TYPES}))?\]->?\((?::(?P<end>{_NAME}))?\) \) AS "
)

# Leaves that reach every node or relationship, with what to write instead.
_EVERYTHING = {
    "AllNodesScan": "an unlabelled node pattern scans every node in the database; give it a domain label, "
    "(n:Node) or (n:Organisation) for instance",
    "DirectedAllRelationshipsScan": "a relationship pattern with neither a type nor a labelled end scans every "
    "relationship; give it a domain type or start from a labelled node",
    "UndirectedAllRelationshipsScan": "a relationship pattern with neither a type nor a labelled end scans every "
    "relationship; give it a domain type or start from a labelled node",
}
_BY_ID = ("NodeByIdSeek", "NodeByElementIdSeek")
_BY_ID_SUFFIXES = ("RelationshipByIdSeek", "RelationshipByElementIdSeek")
# Leaves that read no graph at all: they start from one empty row, the rows of their
# parent (Argument), a literal or a parameter.
_ROWS_ONLY = frozenset(
    {"Argument", "EmptyRow", "Projection", "Unwind", "Limit", "Skip", "EagerAggregation", "ProcedureCall"}
)

# A subquery expression as Neo4j prints it inside an operator's Details.
_NESTED = re.compile(r"\b(?:COLLECT|COUNT|EXISTS)\s*\{", re.IGNORECASE)


def _unquote(name: str) -> str:
    return name[1:-1].replace("``", "`") if name.startswith("`") else name


def _outside(what: str) -> QueryRefused:
    return QueryRefused("outside_domain_graph", f"the console answers from the domain graph only; {what}")


def _require_domain(labels: list[str], types: list[str]) -> None:
    for label in labels:
        if _unquote(label) not in DOMAIN_LABELS:
            raise _outside(f"the label {label} is not a domain label (Node, {', '.join(sorted(LABELS))})")
    for rel_type in types:
        if _unquote(rel_type) not in DOMAIN_TYPES:
            raise _outside(f"the relationship type {rel_type} is not a domain type")


def _names(expression: str) -> list[str]:
    return re.findall(_NAME, expression)


def check_nested(name: str, details: str) -> None:
    """Refuse an operator whose expressions hold a subquery the plan does not show."""
    if _NESTED.search(details):
        raise QueryRefused(
            "nested_subquery",
            f"{name} holds a COLLECT, COUNT or EXISTS subquery (or a pattern comprehension) inside another "
            "expression, which Neo4j plans out of the console's sight; write it as CALL (...) { ... } or "
            "OPTIONAL MATCH with collect()",
        )


def check_entry(name: str, details: str, *, leaf: bool) -> None:
    """Refuse an operator that enters the database outside the domain graph, and a leaf the
    console does not know. ``name`` is the operator's type without its database and its
    variant (``Expand`` for ``Expand(All)@neo4j``)."""
    if name in _EVERYTHING:
        raise _outside(_EVERYTHING[name])
    if name in _BY_ID or name.endswith(_BY_ID_SUFFIXES):
        raise _outside("a lookup by id or elementId reaches any node or relationship; look domain nodes up by "
                       "their id property, (n:Node {id: $id}) for instance")  # fmt: skip
    if name in _LABEL_SCAN_OPERATORS:
        _require_domain(_names(_match(_LABEL_SCANS, name, details, whole=True).group("labels")), [])
    elif name in _NODE_INDEX_OPERATORS:
        _require_domain([_match(_NODE_INDEX, name, details).group("labels")], [])
    elif name in _TYPE_SCAN_OPERATORS:
        _require_domain([], _names(_match(_TYPE_SCAN, name, details, whole=True).group("types")))
    elif name in _RELATIONSHIP_INDEX_OPERATORS:
        _require_domain([], [_match(_RELATIONSHIP_INDEX, name, details).group("types")])
    elif name == "NodeCountFromCountStore":
        patterns = _NODE_COUNT_PATTERN.finditer(_match(_NODE_COUNT, name, details).group("patterns"))
        labels = [pattern.group("label") for pattern in patterns]
        if None in labels:
            raise _outside("counting unlabelled nodes counts every node in the database; count (n:Node)")
        _require_domain([label for label in labels if label is not None], [])
    elif name == "RelationshipCountFromCountStore":
        count = _match(_RELATIONSHIP_COUNT, name, details)
        labels = [label for label in (count.group("start"), count.group("end")) if label is not None]
        types = _names(count.group("types") or "")
        if not labels and not types:
            raise _outside("counting relationships without a type or a labelled end counts every relationship in "
                           "the database; give it a domain type or a labelled end")  # fmt: skip
        _require_domain(labels, types)
    elif leaf and name not in _ROWS_ONLY:
        raise _outside(f"the plan starts from {name}, which the console does not know to read the domain graph only")


def _match(pattern: re.Pattern[str], name: str, details: str, *, whole: bool = False) -> re.Match[str]:
    """The operator's Details read by ``pattern``; refused when they do not read as expected
    (fail closed: an operator the console cannot read is one it cannot vouch for)."""
    found = pattern.fullmatch(details) if whole else pattern.match(details)
    if found is None:
        raise _outside(f"the console cannot tell what {name} reads ({details[:80]!r})")
    return found
