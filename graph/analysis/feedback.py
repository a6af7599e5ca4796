"""Feedback loops between bodies (DOMAIN.md, "Interface without a feedback loop").

An interface I from A to B has a feedback loop when a chain of at most ``max_hops``
interfaces, not using I, leads from B back to A. The shortest such chain is found for
every interface at once, up to ``MAX_HOPS``, by one breadth-first search per target
organisation B, shared by every interface into B and stopped once all their sources are
reached; the caller's ``max_hops`` is applied afterwards, so one search serves every bound.
A shortest chain from B to A never uses I (it would have to reach A before its end), and a
self-interface (A = B) is its own loop: the empty chain.

Which interfaces take part (the ``ChainRules``): a ``planned`` interface carries nothing
yet, so it never serves in a return chain, and is examined only when asked for;
``stated_only`` keeps to what the sources state, for the interface and its chain;
``kinds`` restricts the interfaces a chain may use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph.analysis.inputs import InterfaceInput, InterfaceNetwork

__all__ = ["MAX_HOPS", "ChainRules", "Verdict", "feedback_verdicts", "reachable_by"]

MAX_HOPS = 6  # the longest chain any answer considers; the API's max_hops goes up to it


@dataclass(frozen=True, kw_only=True)
class ChainRules:
    kinds: frozenset[str] | None = None
    stated_only: bool = False
    include_planned: bool = False
    examine_all: bool = False  # one interface the caller names is examined whatever its basis

    def carries(self, interface: InterfaceInput) -> bool:
        """Whether the interface may serve in a chain."""
        if interface.basis == "planned" or (self.stated_only and interface.basis != "stated"):
            return False
        return self.kinds is None or interface.kind in self.kinds

    def examines(self, interface: InterfaceInput) -> bool:
        """Whether the interface's own loop is asked about."""
        if self.examine_all:
            return True
        if self.stated_only:
            return interface.basis == "stated"
        return self.include_planned or interface.basis != "planned"


@dataclass(frozen=True, slots=True)
class Verdict:
    interface: InterfaceInput
    chain: tuple[InterfaceInput, ...] | None  # the shortest return chain within MAX_HOPS, or None

    def has_feedback(self, max_hops: int) -> bool:
        return self.chain is not None and len(self.chain) <= max_hops


Edges = dict[str, list[InterfaceInput]]


def _edges(interfaces: Iterable[InterfaceInput]) -> Edges:
    out: Edges = defaultdict(list)
    for interface in interfaces:  # in id order, so ties between equal chains go the same way
        out[interface.start].append(interface)
    return out


def reachable_by(out: Edges, source: str, wanted: set[str], max_hops: int) -> dict[str, tuple[str, InterfaceInput]]:
    """Breadth-first from ``source``: for each organisation reached within ``max_hops``, the
    organisation and interface it was first reached from. ``source`` itself appears only
    when a cycle leads back to it. Stops early once every ``wanted`` one is reached."""
    reached: dict[str, tuple[str, InterfaceInput]] = {}
    remaining = set(wanted)
    frontier = [source]
    for _ in range(max_hops):
        nxt = []
        for org in frontier:
            for interface in out.get(org, ()):
                target = interface.end
                if target in reached:
                    continue
                reached[target] = (org, interface)
                remaining.discard(target)
                if target != source:
                    nxt.append(target)
        if not remaining or not nxt:
            break
        frontier = nxt
    return reached


def chain_to(reached: dict[str, tuple[str, InterfaceInput]], source: str, target: str) -> tuple[InterfaceInput, ...]:
    """The chain ``reachable_by`` found from ``source`` to ``target`` (which it reached)."""
    chain = []
    here = target
    while True:
        before, interface = reached[here]
        chain.append(interface)
        here = before
        if here == source:
            return tuple(reversed(chain))


def feedback_verdicts(network: InterfaceNetwork, rules: ChainRules) -> list[Verdict]:
    """Every examined interface of ``network`` with its shortest return chain, by id."""
    out = _edges(i for i in network.interfaces if rules.carries(i))
    examined = [i for i in network.interfaces if rules.examines(i)]
    into: dict[str, list[InterfaceInput]] = defaultdict(list)
    for interface in examined:
        if interface.start != interface.end:
            into[interface.end].append(interface)
    chains: dict[str, tuple[InterfaceInput, ...] | None] = {}
    for target, interfaces in into.items():
        sources = {i.start for i in interfaces}
        reached = reachable_by(out, target, sources, MAX_HOPS)
        for interface in interfaces:
            found = interface.start in reached
            chains[interface.id] = chain_to(reached, target, interface.start) if found else None
    return [Verdict(i, () if i.start == i.end else chains[i.id]) for i in examined]
