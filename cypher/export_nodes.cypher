// Every visible domain node, sorted by label and id. Parameters: $visible.
// Returns: label, id, properties (without the service's bookkeeping; the caller drops those).
MATCH (n:Node)
WHERE n.classification IN $visible
WITH n, [l IN labels(n) WHERE l <> 'Node'][0] AS label
RETURN label, n.id AS id, properties(n) AS properties
ORDER BY label, id
