"""What the analysis answers are computed from, read from Neo4j in a few whole reads.

Every item keeps the rank of its classification (``graph.domain.classification_rank``),
so that one read at a graph version serves every clearance: ``visible(rank)`` gives the
visible graph of DOMAIN.md, the graph with every node above the clearance and every
relationship touching one removed. A node whose classification is missing counts as
above every clearance (fail closed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.database import Database
from graph.domain import classification_rank

T = TypeVar("T")

__all__ = [
    "ActionInput",
    "ActionSet",
    "InterfaceInput",
    "InterfaceNetwork",
    "NodeCounts",
    "OrganisationInput",
    "RecommendationInput",
    "RecommendationLinks",
    "RecommendationSet",
    "Ref",
    "actions_from",
    "interface_network_from",
    "read_actions",
    "read_counts",
    "read_interface_network",
    "read_recommendation_links",
    "read_recommendations",
    "recommendation_links_from",
    "recommendations_from",
]


@dataclass(frozen=True, slots=True)
class Ref:
    """A neighbour: its id and the rank of its classification."""

    id: str
    rank: int


def _refs(rows: list[list[Any]]) -> tuple[Ref, ...]:
    return tuple(sorted((Ref(row[0], classification_rank(row[1])) for row in rows), key=lambda r: r.id))


# -- the interface network -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OrganisationInput:
    id: str
    name: str | None
    abbreviation: str | None
    ll_body: bool
    rank: int


@dataclass(frozen=True, slots=True)
class InterfaceInput:
    id: str
    name: str | None
    kind: str | None
    formalised: bool
    basis: str
    rank: int
    start: str
    end: str


@dataclass(frozen=True)
class InterfaceNetwork:
    organisations: dict[str, OrganisationInput]
    interfaces: tuple[InterfaceInput, ...]  # by id

    def visible(self, rank: int) -> InterfaceNetwork:
        orgs = {k: o for k, o in self.organisations.items() if o.rank <= rank}
        interfaces = tuple(i for i in self.interfaces if i.rank <= rank and i.start in orgs and i.end in orgs)
        return InterfaceNetwork(orgs, interfaces)


def interface_network_from(row: dict[str, Any]) -> InterfaceNetwork:
    """The network in one row of ``analysis_interfaces`` (or of ``analysis_interfaces_of``)."""
    orgs = {
        o[0]: OrganisationInput(o[0], o[1], o[2], bool(o[3]), classification_rank(o[4])) for o in row["organisations"]
    }
    interfaces: dict[str, InterfaceInput] = {}
    for i in row["interfaces"]:
        # The first of each id only: a graph written around the service could give one two ends.
        interfaces.setdefault(
            i[0], InterfaceInput(i[0], i[1], i[2], bool(i[3]), i[4], classification_rank(i[5]), i[6], i[7])
        )
    return InterfaceNetwork(orgs, tuple(interfaces.values()))


def read_interface_network(db: Database) -> InterfaceNetwork:
    return interface_network_from(db.read("analysis_interfaces")[0])


# -- recommendations -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActionRef:
    id: str
    title: str | None
    status: str | None
    rank: int


@dataclass(frozen=True, slots=True)
class ResponseRef:
    id: str
    stance: str | None
    date: str | None
    rank: int


@dataclass(frozen=True, slots=True)
class EvaluationRef:
    id: str
    rank: int
    missions: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class RecommendationInput:
    id: str
    code: str | None
    text: str | None
    kind: str | None
    rank: int
    actions: tuple[ActionRef, ...]
    responses: tuple[ResponseRef, ...]
    evaluations: tuple[EvaluationRef, ...]


@dataclass(frozen=True)
class RecommendationSet:
    recommendations: tuple[RecommendationInput, ...]  # by id
    by_id: dict[str, RecommendationInput] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.recommendations})


def _grouped(rows: list[list[Any]], make: Callable[[list[Any]], T]) -> dict[str, list[T]]:
    """Rows keyed by their first value, each made into an item by ``make``."""
    out: dict[str, list[T]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(make(row))
    return out


def recommendations_from(row: dict[str, Any]) -> list[RecommendationInput]:
    """The recommendations in one row of ``analysis_recommendations`` (or ``_of``)."""
    evaluations = {e[0]: EvaluationRef(e[0], classification_rank(e[1]), _refs(e[2])) for e in row["evaluations"]}
    actions = _grouped(row["actions"], lambda a: ActionRef(a[1], a[2], a[3], classification_rank(a[4])))
    responses = _grouped(row["responses"], lambda s: ResponseRef(s[1], s[2], s[3], classification_rank(s[4])))
    recommends = _grouped([e for e in row["recommends"] if e[1] in evaluations], lambda e: evaluations[e[1]])
    return [
        RecommendationInput(
            id=r[0],
            code=r[1],
            text=r[2],
            kind=r[3],
            rank=classification_rank(r[4]),
            actions=tuple(sorted(actions.get(r[0], ()), key=lambda a: a.id)),
            responses=tuple(responses.get(r[0], ())),
            evaluations=tuple(sorted(recommends.get(r[0], ()), key=lambda e: e.id)),
        )
        for r in row["recommendations"]
    ]


def read_recommendations(db: Database) -> RecommendationSet:
    recs = recommendations_from(db.read("analysis_recommendations")[0])
    return RecommendationSet(tuple(sorted(recs, key=lambda r: r.id)))


@dataclass(frozen=True)
class RecommendationLinks:
    """By recommendation id: its themes, the recommendations it is SIMILAR_TO, its addressees."""

    themes: dict[str, list[Ref]]
    similar: dict[str, list[str]]
    addressed: dict[str, list[Ref]]


def recommendation_links_from(row: dict[str, Any]) -> RecommendationLinks:
    """The links in one row of ``analysis_recommendation_links`` (or ``_of``)."""
    return RecommendationLinks(
        themes=_grouped(row["themes"], lambda t: Ref(t[1], classification_rank(t[2]))),
        similar=_grouped(row["similar"], lambda o: o[1]),
        addressed=_grouped(row["addressed"], lambda o: Ref(o[1], classification_rank(o[2]))),
    )


def read_recommendation_links(db: Database) -> RecommendationLinks:
    return recommendation_links_from(db.read("analysis_recommendation_links")[0])


# -- actions -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OwnerRef:
    id: str
    name: str | None
    abbreviation: str | None
    ll_body: bool
    rank: int


@dataclass(frozen=True, slots=True)
class ActionInput:
    id: str
    title: str | None
    status: str | None
    due: str | None
    rank: int
    owners: tuple[OwnerRef, ...]
    addresses: tuple[Ref, ...]


@dataclass(frozen=True)
class ActionSet:
    actions: tuple[ActionInput, ...]  # by id


def actions_from(row: dict[str, Any]) -> list[ActionInput]:
    """The actions in one row of ``analysis_actions`` (or ``_of``)."""
    owners = _grouped(row["owners"], lambda o: OwnerRef(o[1], o[2], o[3], bool(o[4]), classification_rank(o[5])))
    addresses = _grouped(row["addresses"], lambda r: Ref(r[1], classification_rank(r[2])))
    return [
        ActionInput(
            id=a[0],
            title=a[1],
            status=a[2],
            due=a[3],
            rank=classification_rank(a[4]),
            owners=tuple(sorted(owners.get(a[0], ()), key=lambda o: o.id)),
            addresses=tuple(sorted(addresses.get(a[0], ()), key=lambda r: r.id)),
        )
        for a in row["actions"]
    ]


def read_actions(db: Database) -> ActionSet:
    return ActionSet(tuple(sorted(actions_from(db.read("analysis_actions")[0]), key=lambda a: a.id)))


# -- counts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeCounts:
    """How many domain nodes of each label there are at each classification rank."""

    by_label: dict[str, dict[int, int]]

    def visible(self, rank: int) -> dict[str, int]:
        return {label: sum(c for r, c in counts.items() if r <= rank) for label, counts in self.by_label.items()}


def read_counts(db: Database) -> NodeCounts:
    by_label: dict[str, dict[int, int]] = {}
    for row in db.read("stats_counts"):
        ranks = by_label.setdefault(row["label"], {})
        rank = classification_rank(row["classification"])
        ranks[rank] = ranks.get(rank, 0) + int(row["count"])
    return NodeCounts(by_label)
