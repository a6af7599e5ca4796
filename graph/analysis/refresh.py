"""What the analysis service read of the graph, brought up to date by reading again only
what this process's own writes changed.

A whole read of the recommendations costs about a second at 35,000 of them, while an
edit changes one node. The graph version log (``graph.versions``) names the nodes each of
this process's writes changed: a node written, created or deleted, and both ends of a
relationship made or removed. Each function here takes an input as it was read, and those
nodes, and returns the input as a whole read would give it now: it reads again every item
that is one of them or names one of them (a recommendation whose action changed, an
interface whose organisation was deleted), keeps the others, and gives a new input (the
old one may be in use by another request).

A write made elsewhere (``kg import``, another replica) is not in the log: the service then
reads the input whole, as before (``GraphVersions.changed_nodes`` gives None).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, Protocol

from graph.analysis.inputs import (
    ActionSet,
    InterfaceNetwork,
    RecommendationLinks,
    RecommendationSet,
    actions_from,
    interface_network_from,
    recommendation_links_from,
    recommendations_from,
)
from graph.database import Database

__all__ = ["MAX_CHANGED", "refresh_actions", "refresh_interfaces", "refresh_links", "refresh_recommendations"]

NodeKeys = frozenset[tuple[str, str]]

# Beyond this many changed nodes a whole read is about as cheap (and an import says nothing).
MAX_CHANGED = 2000


def _ids(nodes: NodeKeys, label: str) -> set[str]:
    return {node_id for node_label, node_id in nodes if node_label == label}


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def _any(refs: Iterable[_Identified], ids: set[str]) -> bool:
    return any(ref.id in ids for ref in refs)


def _merged(kept: dict[str, Any], affected: set[str], fresh: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """``kept`` (ordered by key, as read) with the ``affected`` keys replaced by ``fresh`` or
    gone when not in it, and new keys put in order. Sorting every key again cost more than
    the answer (0.4 s at 35,000 recommendations): only the new ones are placed."""
    new = dict(fresh)
    merged = {key: new.pop(key, value) for key, value in kept.items() if key not in affected or key in new}
    if not new:
        return merged
    keys = list(merged)
    for key in sorted(new):
        bisect.insort(keys, key)
        merged[key] = new[key]
    return {key: merged[key] for key in keys}


def refresh_interfaces(db: Database, old: InterfaceNetwork, nodes: NodeKeys) -> InterfaceNetwork:
    orgs = _ids(nodes, "Organisation")
    interfaces = _ids(nodes, "Interface") | {i.id for i in old.interfaces if i.start in orgs or i.end in orgs}
    if not orgs and not interfaces:
        return old
    row = db.read("analysis_interfaces_of", organisations=sorted(orgs), interfaces=sorted(interfaces))[0]
    fresh = interface_network_from(row)
    organisations = _merged(old.organisations, orgs, fresh.organisations.items())
    by_id = _merged({i.id: i for i in old.interfaces}, interfaces, ((i.id, i) for i in fresh.interfaces))
    return InterfaceNetwork(organisations, tuple(by_id.values()))


def refresh_recommendations(db: Database, old: RecommendationSet, nodes: NodeKeys) -> RecommendationSet:
    affected = _ids(nodes, "Recommendation")
    actions, responses = _ids(nodes, "Action"), _ids(nodes, "Response")
    evaluations, missions = _ids(nodes, "Evaluation"), _ids(nodes, "Mission")
    if actions or responses or evaluations or missions:
        affected |= {
            r.id
            for r in old.recommendations
            if _any(r.actions, actions)
            or _any(r.responses, responses)
            or any(e.id in evaluations or _any(e.missions, missions) for e in r.evaluations)
        }
    if not affected:
        return old
    fresh = recommendations_from(db.read("analysis_recommendations_of", ids=sorted(affected))[0])
    by_id = _merged(old.by_id, affected, ((r.id, r) for r in fresh))
    return RecommendationSet(tuple(by_id.values()))


def refresh_links(db: Database, old: RecommendationLinks, nodes: NodeKeys) -> RecommendationLinks:
    recs, themes, orgs = _ids(nodes, "Recommendation"), _ids(nodes, "Theme"), _ids(nodes, "Organisation")
    affected = set(recs)
    affected |= {rec for rec, refs in old.themes.items() if _any(refs, themes)}
    affected |= {rec for rec, refs in old.addressed.items() if _any(refs, orgs)}
    affected |= {rec for rec, others in old.similar.items() if any(other in recs for other in others)}
    if not affected:
        return old
    fresh = recommendation_links_from(db.read("analysis_recommendation_links_of", ids=sorted(affected))[0])
    return RecommendationLinks(
        themes=_merged(old.themes, affected, fresh.themes.items()),
        similar=_merged(old.similar, affected, fresh.similar.items()),
        addressed=_merged(old.addressed, affected, fresh.addressed.items()),
    )


def refresh_actions(db: Database, old: ActionSet, nodes: NodeKeys) -> ActionSet:
    affected = _ids(nodes, "Action")
    orgs, recs = _ids(nodes, "Organisation"), _ids(nodes, "Recommendation")
    if orgs or recs:
        affected |= {a.id for a in old.actions if _any(a.owners, orgs) or _any(a.addresses, recs)}
    if not affected:
        return old
    fresh = actions_from(db.read("analysis_actions_of", ids=sorted(affected))[0])
    by_id = _merged({a.id: a for a in old.actions}, affected, ((a.id, a) for a in fresh))
    return ActionSet(tuple(by_id.values()))
