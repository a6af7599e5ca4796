// One visible node's properties (no relationships). Parameters: $label, $id, $visible.
// Returns: node (0 rows if absent or hidden).
MATCH (n:Node {id: $id})
WHERE $label IN labels(n) AND n.classification IN $visible
RETURN properties(n) AS node
