// Delete a node whose lock the transaction holds (node_lock ran first), and its
// relationships. Parameters: $label, $id. Returns: deleted (0 or 1).
OPTIONAL MATCH (n:Node {id: $id})
WHERE $label IN labels(n)
DETACH DELETE n
RETURN count(n) AS deleted
