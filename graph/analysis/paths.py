"""The shortest chain of interfaces from one organisation to another: how a lesson from
one body can reach another. Planned interfaces carry nothing yet and take no part."""

from __future__ import annotations

from graph.analysis.feedback import MAX_HOPS, ChainRules, chain_to, reachable_by
from graph.analysis.inputs import InterfaceInput, InterfaceNetwork

__all__ = ["shortest_chain"]


def shortest_chain(
    network: InterfaceNetwork, from_id: str, to_id: str, *, rules: ChainRules
) -> tuple[InterfaceInput, ...] | None:
    """The shortest chain within ``MAX_HOPS`` (a cycle when the ends are one organisation),
    or None. Both ends are organisations of ``network``."""
    out: dict[str, list[InterfaceInput]] = {}
    for interface in network.interfaces:
        if rules.carries(interface):
            out.setdefault(interface.start, []).append(interface)
    reached = reachable_by(out, from_id, {to_id}, MAX_HOPS)
    return chain_to(reached, from_id, to_id) if to_id in reached else None
