// One node on the caller's visible graph, with its relationships to visible nodes
// summarised. Parameters: $label (allowlisted), $id, $visible (the classifications the
// caller sees). Returns: node (properties), relationships (list of {type, direction,
// label, id, name}); 0 rows if absent or hidden (a hidden node answers as an unknown one).
MATCH (n:Node {id: $id})
WHERE $label IN labels(n) AND n.classification IN $visible
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(m:Node WHERE m.classification IN $visible)
  WITH r, m, [l IN labels(m) WHERE l <> 'Node'][0] AS other
  ORDER BY type(r), other, m.id
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
    type: type(r),
    direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
    label: other,
    id: m.id,
    name: coalesce(m.abbreviation, m.acronym, m.name, m.title, m.code, m.reference, m.text, m.stance)
  } END) AS relationships
}
RETURN properties(n) AS node, relationships
