"""The derived answers of DOMAIN.md ("Derived facts"), each with the evidence for it.

Cypher does the traversals (bounded, anchored on indexed ids); networkx does what Cypher
does not do well (components, centrality, articulation points, bridges).
"""
