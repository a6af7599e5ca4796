// Every relationship between two visible domain nodes, sorted by type and ends.
// Parameters: $visible. Returns: type, from_label, from_id, to_label, to_id, properties.
MATCH (a:Node)-[r]->(b:Node)
WHERE a.classification IN $visible AND b.classification IN $visible
WITH r, a, b, [l IN labels(a) WHERE l <> 'Node'][0] AS from_label, [l IN labels(b) WHERE l <> 'Node'][0] AS to_label
RETURN type(r) AS type, from_label, a.id AS from_id, to_label, b.id AS to_id, properties(r) AS properties
ORDER BY type, from_label, from_id, to_label, to_id
