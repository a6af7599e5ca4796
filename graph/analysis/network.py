"""The interface network of the LL bodies, analysed with networkx.

Nodes are organisations with ``ll_body``; edges are interfaces between two of them
(directed, from FROM to TO). Single points of failure are read on the undirected graph:
an articulation point disconnects bodies when it goes, a bridge is the only interface
between two parts of the network.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.database import Database

__all__ = ["network_analysis"]


def network_analysis(db: Database) -> dict[str, Any]:
    row = db.read("analysis_interface_network")[0]
    ll_bodies = {o["id"]: o for o in row["organisations"] if o["ll_body"]}
    touched = {end for i in row["interfaces"] for end in (i["from"], i["to"])}

    directed = nx.MultiDiGraph()
    directed.add_nodes_from(ll_bodies)
    for interface in row["interfaces"]:
        if interface["from"] in ll_bodies and interface["to"] in ll_bodies:
            directed.add_edge(interface["from"], interface["to"], key=interface["id"], kind=interface["kind"])
    simple = nx.DiGraph(directed)
    undirected = nx.Graph(simple.to_undirected())
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
            {"id": org, "name": ll_bodies[org]["name"], "betweenness": round(value, 6)}
            for org, value in sorted(centrality.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "articulation_points": sorted(nx.articulation_points(undirected)),
        "bridges": bridges,
        "isolated": sorted(org for org in ll_bodies if org not in touched),
        "weakly_connected_components": sorted(
            (sorted(c) for c in nx.weakly_connected_components(simple)), key=lambda c: (-len(c), c)
        ),
        "strongly_connected_components": sorted(
            (sorted(c) for c in nx.strongly_connected_components(simple)), key=lambda c: (-len(c), c)
        ),
    }
