// Merge a batch of nodes of one label. Parameters: $label (allowlisted), $rows (list of
// {id, properties, defaults}: defaults apply only to a node created here), $now. A node whose properties are unchanged is left alone, so a
// repeated import changes nothing (not even version or updated_at). Returns: created, updated.
UNWIND $rows AS row
OPTIONAL MATCH (old:Node {id: row.id}) WHERE $label IN labels(old)
WITH row, old IS NULL AS created,
     old IS NOT NULL AND any(key IN keys(row.properties) WHERE old[key] IS NULL OR old[key] <> row.properties[key]) AS changed
MERGE (n:Node:$($label) {id: row.id})
ON CREATE SET n += row.defaults, n += row.properties, n.created_at = $now, n.updated_at = $now, n.version = 1
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET n += row.properties, n.updated_at = $now, n.version = n.version + 1)
RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated
