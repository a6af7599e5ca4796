// Delete one relationship. Parameters: $type, $from_label, $from_id, $to_label, $to_id.
// Returns: deleted (0 or 1).
OPTIONAL MATCH (a:Node {id: $from_id})-[r]->(b:Node {id: $to_id})
WHERE $from_label IN labels(a) AND $to_label IN labels(b) AND type(r) = $type
DELETE r
RETURN count(r) AS deleted
