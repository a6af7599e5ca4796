// Node and relationship counts of the domain graph. No parameters. Returns: nodes, relationships.
CALL () { MATCH (n:Node) RETURN count(n) AS nodes }
CALL () { MATCH (:Node)-[r]->(:Node) RETURN count(r) AS relationships }
RETURN nodes, relationships
