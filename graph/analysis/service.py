"""Every analysis answer, computed and cached in one place, for one caller at a time.

``AnalysisService`` lives as long as the app and holds two caches, both keyed by graph
version (see ``cache.py``): the *inputs* (a few whole reads of the graph: the interface
network, the recommendations, the actions, the counts), shared by every caller, and the
*answers*, keyed by what was asked and the caller's clearance. ``for_caller`` gives an
``Answers`` for one request: it reads the graph version at most once, and computes every
answer on the caller's visible graph (DOMAIN.md, Security), so that no answer, count or
path reveals a node above the clearance. After this process's own writes an input is not
read whole again: only what those writes changed is (``refresh.py``); a write from
elsewhere still means a whole read.

The gap query "without a feedback loop" is settled here: the verdicts of every interface
are computed once per (clearance, chain rules) up to ``MAX_HOPS``; ``max_hops`` and the
filters on the interface itself (kind, formalised, LL bodies only) are applied to them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

from graph.actor import Actor
from graph.analysis import lineage, succession
from graph.analysis.cache import AnswerCache
from graph.analysis.feedback import MAX_HOPS, ChainRules, Verdict, feedback_verdicts
from graph.analysis.inputs import (
    ActionSet,
    InterfaceInput,
    InterfaceNetwork,
    NodeCounts,
    OrganisationInput,
    RecommendationLinks,
    RecommendationSet,
    read_actions,
    read_counts,
    read_interface_network,
    read_recommendation_links,
    read_recommendations,
)
from graph.analysis.network import network_analysis
from graph.analysis.overdue import overdue_actions
from graph.analysis.paths import shortest_chain
from graph.analysis.recurring import recurring_lessons
from graph.analysis.refresh import (
    MAX_CHANGED,
    refresh_actions,
    refresh_interfaces,
    refresh_links,
    refresh_recommendations,
)
from graph.analysis.stages import StageFilters, funnel, ll_stages, without_follow_up
from graph.analysis.stats import stats
from graph.collector import collector_paused
from graph.database import Database
from graph.domain import LABELS
from graph.errors import NotFound
from graph.nodes import NodeRepository
from graph.relationships import NodeRef
from graph.versions import GraphVersions

__all__ = [
    "MAX_HOPS",
    "AnalysisService",
    "AnswerObserver",
    "Answers",
    "ChainRules",
    "FeedbackQuery",
    "PageRequest",
    "StageFilters",
]

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class PageRequest:
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, kw_only=True)
class FeedbackQuery:
    """Which interfaces to judge and by which chains (``rules``), at which bound."""

    max_hops: int = 3
    rules: ChainRules = field(default_factory=ChainRules)
    kind: str | None = None
    formalised: bool | None = None
    ll_body_only: bool = False

    def selects(self, interface: InterfaceInput, network: InterfaceNetwork) -> bool:
        if self.kind is not None and interface.kind != self.kind:
            return False
        if self.formalised is not None and interface.formalised != self.formalised:
            return False
        orgs = network.organisations
        return not self.ll_body_only or (orgs[interface.start].ll_body and orgs[interface.end].ll_body)


def _paged(items: Sequence[Any], page: PageRequest, **extra: Any) -> dict[str, Any]:
    return {
        "items": list(items[page.offset : page.offset + page.limit]),
        "total": len(items),
        "limit": page.limit,
        "offset": page.offset,
        **extra,
    }


def _org(org: OrganisationInput) -> dict[str, Any]:
    return {"id": org.id, "name": org.name, "abbreviation": org.abbreviation, "ll_body": org.ll_body}


def _hop(interface: InterfaceInput) -> dict[str, Any]:
    return {
        "id": interface.id,
        "name": interface.name,
        "kind": interface.kind,
        "from": interface.start,
        "to": interface.end,
    }


def _feedback_item(verdict: Verdict, network: InterfaceNetwork, max_hops: int) -> dict[str, Any]:
    interface, chain = verdict.interface, verdict.chain
    has_feedback = verdict.has_feedback(max_hops)
    return {
        "id": interface.id,
        "name": interface.name,
        "kind": interface.kind,
        "formalised": interface.formalised,
        "basis": interface.basis,
        "from": _org(network.organisations[interface.start]),
        "to": _org(network.organisations[interface.end]),
        "has_feedback": has_feedback,
        "return_chain": [_hop(i) for i in chain] if has_feedback and chain is not None else None,
        # Evidence for a missing loop: the shortest chain back is longer than asked (its
        # length), or there is none within MAX_HOPS (null).
        "shortest_return_hops": len(chain) if chain is not None else None,
    }


class Reads:
    """What each family of answers reads: the labels and relationship types whose change
    can change it. An answer is kept across writes that touch none of them."""

    INTERFACES = frozenset({"Organisation", "Interface", "FROM", "TO"})
    STAGES = frozenset(
        {"Recommendation", "Action", "Response", "Evaluation", "Mission", "ADDRESSES", "RESPONDS_TO", "RECOMMENDS",
         "EVALUATES"}
    )  # fmt: skip
    LINKS = frozenset({"Recommendation", "Theme", "Organisation", "TAGGED", "SIMILAR_TO", "ADDRESSED_TO"})
    ACTIONS = frozenset({"Action", "Organisation", "Recommendation", "OWNED_BY", "ADDRESSES"})
    COUNTS = frozenset(LABELS)
    RESPONSIBILITIES = frozenset(
        {"Organisation", "Action", "Recommendation", "SUCCEEDED_BY", "OWNED_BY", "ADDRESSED_TO", "ADDRESSES"}
    )
    LINEAGE = frozenset(
        {"Mission", "Evaluation", "Recommendation", "Response", "Action", "Organisation", "EVALUATES", "RECOMMENDS",
         "RESPONDS_TO", "GIVEN_BY", "ADDRESSES", "OWNED_BY"}
    )  # fmt: skip
    STATS = INTERFACES | STAGES | ACTIONS | COUNTS


# Told of every answer looked up: its name, whether it was kept (a hit), and the seconds a
# miss took to compute (0 for a hit); the app turns this into metrics.
AnswerObserver = Callable[[str, bool, float], None]


class AnalysisService:
    """The caches of one app; ``for_caller`` answers one request."""

    def __init__(
        self,
        db: Database,
        *,
        cache_enabled: bool = True,
        max_answers: int = 256,
        observer: AnswerObserver | None = None,
        versions: GraphVersions | None = None,
    ) -> None:
        self.db = db
        self.observer = observer
        self.versions = versions
        self._inputs = AnswerCache(max_entries=8, enabled=cache_enabled)
        self._answers = AnswerCache(max_entries=max_answers, enabled=cache_enabled)

    def for_caller(self, actor: Actor, *, version: int | None = None) -> Answers:
        """The answers for ``actor`` at graph ``version`` (read from the database when not given)."""
        return Answers(self, actor, version=version)


class Answers:
    """Every analysis answer for one caller, in one request."""

    def __init__(self, service: AnalysisService, actor: Actor, *, version: int | None = None) -> None:
        self._service = service
        self._db = service.db
        self.actor = actor
        self.clearance = actor.clearance
        self._rank = actor.clearance.rank
        self._version = version
        # What this request has looked up already: it asks each once even with the caches off.
        self._inputs: dict[str, Any] = {}
        self._answers: dict[Hashable, Any] = {}

    # -- caching ---------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """The graph version this request's answers are computed at, read at most once."""
        if self._version is None:
            self._version = self._db.graph_version()
        return self._version

    def valid_since(self, reads: frozenset[str]) -> int:
        """The earliest version at which an answer that reads only ``reads`` is still right."""
        versions = self._service.versions
        return versions.since(reads, self.version) if versions is not None else self.version

    def _answer(self, key: Hashable, reads: frozenset[str], compute: Callable[[], T]) -> T:
        if key not in self._answers:
            with collector_paused():  # see graph/collector.py: the inputs are a million objects
                self._answers[key] = self._kept_answer(key, reads, compute)
        return cast(T, self._answers[key])

    def _kept_answer(self, key: Hashable, reads: frozenset[str], compute: Callable[[], T]) -> T:
        since = self.valid_since(reads)
        observer = self._service.observer
        if observer is None:
            return self._service._answers.get((self._rank, key), since, compute)
        spent: list[float] = []

        def timed() -> T:
            start = time.perf_counter()
            try:
                return compute()
            finally:
                spent.append(time.perf_counter() - start)

        answer = self._service._answers.get((self._rank, key), since, timed)
        observer(str(key[0] if isinstance(key, tuple) else key), not spent, spent[0] if spent else 0.0)
        return answer

    def _input(
        self,
        name: str,
        reads: frozenset[str],
        read: Callable[[Database], T],
        refresh: Callable[[Database, T, frozenset[tuple[str, str]]], T] | None = None,
    ) -> T:
        """An input read whole, or the kept one with what this process's writes changed
        since read again (``refresh``), when the version log can say what that was."""
        versions = self._service.versions

        def refreshed(kept_at: int, kept: T) -> T | None:
            if refresh is None or versions is None:
                return None
            nodes = versions.changed_nodes(kept_at, self.version, limit=MAX_CHANGED)
            return None if nodes is None else refresh(self._db, kept, nodes)

        if name not in self._inputs:
            with collector_paused():
                self._inputs[name] = self._service._inputs.get(
                    name, self.valid_since(reads), lambda: read(self._db), at=self.version, refresh=refreshed
                )
        return cast(T, self._inputs[name])

    def _network(self) -> InterfaceNetwork:
        network = self._input("interfaces", Reads.INTERFACES, read_interface_network, refresh_interfaces)
        return self._answer("network_visible", Reads.INTERFACES, lambda: network.visible(self._rank))

    def _recommendations(self) -> RecommendationSet:
        return self._input("recommendations", Reads.STAGES, read_recommendations, refresh_recommendations)

    def _links(self) -> RecommendationLinks:
        return self._input("links", Reads.LINKS, read_recommendation_links, refresh_links)

    def _actions(self) -> ActionSet:
        return self._input("actions", Reads.ACTIONS, read_actions, refresh_actions)

    def _counts(self) -> NodeCounts:
        return self._input("counts", Reads.COUNTS, read_counts)

    def _verdicts(self, rules: ChainRules) -> list[Verdict]:
        return self._answer(("verdicts", rules), Reads.INTERFACES, lambda: feedback_verdicts(self._network(), rules))

    def _stages(self, filters: StageFilters) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            links = self._links() if filters.needs_links else None
            return ll_stages(self._recommendations(), self._rank, filters, links)

        reads = Reads.STAGES | Reads.LINKS if filters.needs_links else Reads.STAGES
        return self._answer(("stages", filters), reads, compute)

    def _require(self, refs: Sequence[NodeRef]) -> None:
        NodeRepository(self._db, self.actor).require(refs)

    # -- interfaces ------------------------------------------------------------------------
    def feedback(self, query: FeedbackQuery) -> list[dict[str, Any]]:
        """Every selected interface with its verdict at ``query.max_hops``."""

        def compute() -> list[dict[str, Any]]:
            network = self._network()
            return [
                _feedback_item(v, network, query.max_hops)
                for v in self._verdicts(query.rules)
                if query.selects(v.interface, network)
            ]

        return self._answer(("feedback", query), Reads.INTERFACES, compute)

    def interfaces(self, query: FeedbackQuery, page: PageRequest) -> dict[str, Any]:
        """Every selected interface with its verdict: what a map draws."""
        items = self.feedback(query)
        kinds = sorted(query.rules.kinds) if query.rules.kinds is not None else None
        lacking = sum(not item["has_feedback"] for item in items)
        return _paged(items, page, max_hops=query.max_hops, return_kinds=kinds, without_feedback=lacking)

    def interfaces_without_feedback(self, query: FeedbackQuery, page: PageRequest) -> dict[str, Any]:
        items = self._answer(
            ("without_feedback", query),
            Reads.INTERFACES,
            lambda: [i for i in self.feedback(query) if not i["has_feedback"]],
        )
        kinds = sorted(query.rules.kinds) if query.rules.kinds is not None else None
        return _paged(items, page, max_hops=query.max_hops, return_kinds=kinds)

    def interface_feedback(self, interface_id: str, *, max_hops: int, rules: ChainRules) -> dict[str, Any]:
        # One interface is examined whatever its basis: the caller named it.
        one = ChainRules(kinds=rules.kinds, stated_only=rules.stated_only, examine_all=True)
        network = self._network()
        for verdict in self._verdicts(one):
            if verdict.interface.id == interface_id:
                return _feedback_item(verdict, network, max_hops)
        raise NotFound(f"no Interface with id {interface_id!r} (or it lacks a FROM or TO organisation)")

    def path(self, from_id: str, to_id: str, *, max_hops: int, rules: ChainRules) -> dict[str, Any]:
        network = self._network()
        for org_id in (from_id, to_id):
            if org_id not in network.organisations:
                raise NotFound(f"no Organisation with id {org_id!r}")
        chain = self._answer(
            ("path", from_id, to_id, rules),
            Reads.INTERFACES,
            lambda: shortest_chain(network, from_id, to_id, rules=rules),
        )
        if chain is None or len(chain) > max_hops:
            raise NotFound(f"no chain of at most {max_hops} interfaces leads from {from_id!r} to {to_id!r}")
        return {"from": from_id, "to": to_id, "hops": len(chain), "chain": [_hop(i) for i in chain]}

    def network(self) -> dict[str, Any]:
        return self._answer("network", Reads.INTERFACES, lambda: network_analysis(self._network()))

    # -- recommendations and actions -------------------------------------------------------
    def ll_stages(self, filters: StageFilters, page: PageRequest) -> dict[str, Any]:
        named = (
            ("Evaluation", filters.evaluation),
            ("Mission", filters.mission),
            ("Organisation", filters.addressee),
            ("Theme", filters.theme),
        )
        self._require([NodeRef(label, node_id) for label, node_id in named if node_id is not None])
        items = self._stages(filters)
        reads = Reads.STAGES | Reads.LINKS if filters.needs_links else Reads.STAGES
        return _paged(items, page, funnel=self._answer(("funnel", filters), reads, lambda: funnel(items)))

    def without_follow_up(self, page: PageRequest) -> dict[str, Any]:
        items = self._answer("without_follow_up", Reads.STAGES, lambda: without_follow_up(self._stages(StageFilters())))
        return _paged(items, page)

    def recurring_lessons(self, page: PageRequest, *, members: int) -> dict[str, Any]:
        groups = self._answer(
            "recurring",
            Reads.STAGES | Reads.LINKS,
            lambda: recurring_lessons(self._recommendations(), self._links(), self._rank),
        )
        answer = _paged(groups, page)
        # A theme shared across decades of missions holds thousands of recommendations: list
        # the first few of each group, count them all. The cached groups are not modified.
        answer["items"] = [
            {
                **group,
                "missions": group["missions"][:members],
                "recommendations": group["recommendations"][:members],
                "mission_count": len(group["missions"]),
                "recommendation_count": len(group["recommendations"]),
            }
            for group in answer["items"]
        ]
        return answer

    def overdue_actions(self, today: str, page: PageRequest) -> dict[str, Any]:
        items = self._answer(
            ("overdue", today), Reads.ACTIONS, lambda: overdue_actions(self._actions(), self._rank, today)
        )
        return _paged(items, page, today=today)

    def responsibilities(self, organisation_id: str) -> dict[str, Any]:
        items = self._answer(
            ("responsibilities", organisation_id),
            Reads.RESPONSIBILITIES,
            lambda: succession.responsibilities(self._db, organisation_id, visible=self.clearance.visible()),
        )
        return {"items": items, "total": len(items), "organisation": organisation_id}

    def lineage(self, mission_id: str, *, format: Literal["nested", "graph"] = "nested") -> dict[str, Any]:
        answer = self._answer(
            ("lineage", mission_id),
            Reads.LINEAGE,
            lambda: lineage.mission_lineage(self._db, mission_id, visible=self.clearance.visible()),
        )
        return lineage.lineage_as_graph(answer) if format == "graph" else answer

    def stats(self, *, max_hops: int, owners: int) -> dict[str, Any]:
        answer = self._answer(
            ("stats", max_hops),
            Reads.STATS,
            lambda: stats(
                counts=self._counts(),
                actions=self._actions(),
                stages=self._stages(StageFilters()),
                verdicts=self._verdicts(ChainRules()),
                rank=self._rank,
                max_hops=max_hops,
            ),
        )
        by_owner = answer["actions_by_owner"]
        others = sum(row["count"] for row in by_owner[owners:])
        return {**answer, "actions_by_owner": by_owner[:owners], "actions_by_other_owners": others}
