// One node with its relationships summarised. Parameters: $label (allowlisted), $id.
// Returns: node (properties), relationships (list of {type, direction, label, id, name}); 0 rows if absent.
MATCH (n:Node {id: $id})
WHERE $label IN labels(n)
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(m:Node)
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
