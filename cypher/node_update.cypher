// Partial update of a node whose lock the transaction holds (node_lock ran first), so the
// version checked is the version written over. Parameters: $label, $id, $props (null
// values remove a property), $now, $expected (list of versions the caller accepts, or null
// for any). Returns: node (null when the version did not match), current_version; 0 rows
// if absent.
MATCH (n:Node {id: $id})
WHERE $label IN labels(n)
WITH n, n.version AS current_version
CALL (n, current_version) {
  WITH n WHERE $expected IS NULL OR current_version IN $expected
  SET n += $props, n.updated_at = $now, n.version = current_version + 1
  RETURN properties(n) AS node
  UNION
  WITH n WHERE $expected IS NOT NULL AND NOT current_version IN $expected
  RETURN null AS node
}
RETURN node, current_version
