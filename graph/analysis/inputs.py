"""What the analysis answers are computed from, read from Neo4j in a few whole reads.

Every item keeps the rank of its classification (``graph.domain.classification_rank``),
so that one read at a graph version serves every clearance: ``visible(rank)`` gives the
visible graph of DOMAIN.md, the graph with every node above the clearance and every
relationship touching one removed. A node whose classification is missing counts as
above every clearance (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.database import Database
from graph.domain import classification_rank

__all__ = [
    "ActionInput",
    "ActionSet",
    "InterfaceInput",
    "InterfaceNetwork",
    "NodeCounts",
    "OrganisationInput",
    "RecommendationInput",
    "RecommendationSet",
    "Ref",
    "read_actions",
    "read_counts",
    "read_interface_network",
    "read_recommendations",
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


def read_interface_network(db: Database) -> InterfaceNetwork:
    row = db.read("analysis_interfaces")[0]
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
    themes: tuple[Ref, ...]
    similar_to: tuple[str, ...]
    addressed_to: tuple[Ref, ...]


@dataclass(frozen=True)
class RecommendationSet:
    recommendations: tuple[RecommendationInput, ...]  # by id
    by_id: dict[str, RecommendationInput] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.recommendations})


def read_recommendations(db: Database) -> RecommendationSet:
    recs = []
    for row in db.read("analysis_recommendations"):
        recs.append(
            RecommendationInput(
                id=row["id"],
                code=row["code"],
                text=row["text"],
                kind=row["kind"],
                rank=classification_rank(row["classification"]),
                actions=tuple(
                    sorted(
                        (ActionRef(a[0], a[1], a[2], classification_rank(a[3])) for a in row["actions"]),
                        key=lambda a: a.id,
                    )
                ),
                responses=tuple(ResponseRef(s[0], s[1], s[2], classification_rank(s[3])) for s in row["responses"]),
                evaluations=tuple(
                    sorted(
                        (EvaluationRef(e[0], classification_rank(e[1]), _refs(e[2])) for e in row["evaluations"]),
                        key=lambda e: e.id,
                    )
                ),
                themes=_refs(row["themes"]),
                similar_to=tuple(sorted(set(row["similar_to"]))),
                addressed_to=_refs(row["addressed_to"]),
            )
        )
    return RecommendationSet(tuple(recs))


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


def read_actions(db: Database) -> ActionSet:
    return ActionSet(
        tuple(
            ActionInput(
                id=row["id"],
                title=row["title"],
                status=row["status"],
                due=row["due"],
                rank=classification_rank(row["classification"]),
                owners=tuple(
                    sorted(
                        (OwnerRef(o[0], o[1], o[2], bool(o[3]), classification_rank(o[4])) for o in row["owners"]),
                        key=lambda o: o.id,
                    )
                ),
                addresses=_refs(row["addresses"]),
            )
            for row in db.read("analysis_actions")
        )
    )


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
