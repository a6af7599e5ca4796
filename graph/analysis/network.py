"""The interface network of the LL bodies, analysed with networkx.

Nodes are organisations with ``ll_body``; edges are interfaces between two of them
(directed, from FROM to TO). Single points of failure are read on the undirected graph:
an articulation point disconnects bodies when it goes, a bridge is the only interface
between two parts of the network. Computed on the visible network the caller passes.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analysis.inputs import InterfaceNetwork

__all__ = ["network_analysis"]


def _components(components: Any) -> list[list[str]]:
    return sorted((sorted(c) for c in components), key=lambda c: (-len(c), c))


def network_analysis(network: InterfaceNetwork) -> dict[str, Any]:
    ll_bodies = {org_id: o for org_id, o in network.organisations.items() if o.ll_body}
    touched = {end for i in network.interfaces for end in (i.start, i.end)}

    directed: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    directed.add_nodes_from(sorted(ll_bodies))
    for interface in network.interfaces:
        if interface.start in ll_bodies and interface.end in ll_bodies:
            directed.add_edge(interface.start, interface.end, key=interface.id, kind=interface.kind)
    simple: nx.DiGraph[str] = nx.DiGraph(directed)
    undirected: nx.Graph[str] = nx.Graph(simple.to_undirected())
    undirected.remove_edges_from(nx.selfloop_edges(undirected))

    centrality = nx.betweenness_centrality(simple, normalized=True) if simple.number_of_nodes() else {}
    bridges = []
    for a, b in sorted(tuple(sorted(edge)) for edge in nx.bridges(undirected)):
        between = sorted(key for u, v, key in directed.edges(keys=True) if {u, v} == {a, b})
        bridges.append({"organisations": [a, b], "interfaces": between})
    return {
        "ll_bodies": len(ll_bodies),
        "interfaces": directed.number_of_edges(),
        "betweenness": [
            {"id": org, "name": ll_bodies[org].name, "betweenness": round(value, 6)}
            for org, value in sorted(centrality.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "articulation_points": sorted(nx.articulation_points(undirected)),
        "bridges": bridges,
        "isolated": sorted(org for org in ll_bodies if org not in touched),
        "weakly_connected_components": _components(nx.weakly_connected_components(simple)),
        "strongly_connected_components": _components(nx.strongly_connected_components(simple)),
    }
