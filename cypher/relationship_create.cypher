// Create one relationship (checked against the allowlist and cardinalities beforehand).
// Parameters: $type (allowlisted), $from_label, $from_id, $to_label, $to_id, $props.
// Returns: created (1 row).
MATCH (a:Node {id: $from_id}) WHERE $from_label IN labels(a)
MATCH (b:Node {id: $to_id}) WHERE $to_label IN labels(b)
CREATE (a)-[r:$($type)]->(b)
SET r = $props
RETURN type(r) AS created
