// Delete every relationship of one type leaving a node (to replace a single-target one).
// Parameters: $type, $from_label, $from_id. Returns: deleted.
OPTIONAL MATCH (a:Node {id: $from_id})-[r]->(:Node)
WHERE $from_label IN labels(a) AND type(r) = $type
DELETE r
RETURN count(r) AS deleted
