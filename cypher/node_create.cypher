// Create one node. Parameters: $label (allowlisted), $id, $props (map), $now (ISO string).
// Returns: node (map of properties). The per-label uniqueness constraint refuses a taken id.
CREATE (n:Node:$($label))
SET n = $props, n.id = $id, n.created_at = $now, n.updated_at = $now, n.version = 1
RETURN properties(n) AS node
