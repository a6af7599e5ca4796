// Partial update. Parameters: $label, $id, $props (null values remove a property), $now,
// $expected_version (int or null: refuse if the node has moved on).
// Returns: node, current_version (node null when the version did not match); 0 rows if absent.
MATCH (n:Node {id: $id})
WHERE $label IN labels(n)
WITH n, n.version AS current_version
CALL (n, current_version) {
  WITH n WHERE $expected_version IS NULL OR $expected_version = current_version
  SET n += $props, n.updated_at = $now, n.version = current_version + 1
  RETURN properties(n) AS node
  UNION
  WITH n WHERE $expected_version IS NOT NULL AND $expected_version <> current_version
  RETURN null AS node
}
RETURN node, current_version
