// Relationships of one type leaving a node, to any target. Parameters: $type, $from_label,
// $from_id, $to_label, $to_id. Returns: from_found, to_found (booleans), targets (list of
// {label, id} already reached by $type from the source).
OPTIONAL MATCH (a:Node {id: $from_id}) WHERE $from_label IN labels(a)
OPTIONAL MATCH (b:Node {id: $to_id}) WHERE $to_label IN labels(b)
CALL (a) {
  OPTIONAL MATCH (a)-[r]->(t:Node) WHERE type(r) = $type
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE {label: [l IN labels(t) WHERE l <> 'Node'][0], id: t.id} END) AS targets
}
RETURN a IS NOT NULL AS from_found, b IS NOT NULL AS to_found, targets
