// Relationships of one type leaving a node, to any target. Parameters: $type, $from_label,
// $from_id, $to_label, $to_id, $visible. Returns: from_found, to_found (booleans: the end
// exists and is visible), from_classification, to_classification, targets (list of
// {label, id, visible} already reached by $type from the source, hidden ones included so
// that a single target stays single, flagged so that their ids are never shown).
OPTIONAL MATCH (a:Node {id: $from_id}) WHERE $from_label IN labels(a) AND a.classification IN $visible
OPTIONAL MATCH (b:Node {id: $to_id}) WHERE $to_label IN labels(b) AND b.classification IN $visible
CALL (a) {
  OPTIONAL MATCH (a)-[r]->(t:Node) WHERE type(r) = $type
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE {
    label: [l IN labels(t) WHERE l <> 'Node'][0], id: t.id, visible: t.classification IN $visible
  } END) AS targets
}
RETURN a IS NOT NULL AS from_found, b IS NOT NULL AS to_found,
       a.classification AS from_classification, b.classification AS to_classification, targets
