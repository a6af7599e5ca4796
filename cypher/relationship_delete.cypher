// Delete one relationship between two visible nodes. Parameters: $type, $from_label,
// $from_id, $to_label, $to_id, $visible. Returns: deleted (0 or 1), from_classification,
// to_classification.
OPTIONAL MATCH (a:Node {id: $from_id})-[r]->(b:Node {id: $to_id})
WHERE $from_label IN labels(a) AND $to_label IN labels(b) AND type(r) = $type
  AND a.classification IN $visible AND b.classification IN $visible
WITH r, a.classification AS from_classification, b.classification AS to_classification
DELETE r
RETURN count(r) AS deleted, from_classification, to_classification
