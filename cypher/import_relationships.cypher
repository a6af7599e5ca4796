// Merge a batch of relationships of one type. Parameters: $type (allowlisted), $rows (list
// of {from_label, from_id, to_label, to_id, properties}). Ends were checked to exist.
// At most one relationship of a type between two nodes; an unchanged one is left alone.
// Returns: created, updated.
UNWIND $rows AS row
MATCH (a:Node {id: row.from_id}) WHERE row.from_label IN labels(a)
MATCH (b:Node {id: row.to_id}) WHERE row.to_label IN labels(b)
// A pattern comprehension expanding from the start node, which has the lower degree in
// every DOMAIN pattern (targets are hubs: documents, themes, organisations). OPTIONAL
// MATCH with a type predicate was planned as a scan of every relationship, once per row.
WITH a, b, row, head([(a)-[existing]->(other) WHERE other = b AND type(existing) = $type | existing]) AS r
WITH a, b, row, r,
     r IS NOT NULL AND any(key IN keys(row.properties) WHERE r[key] IS NULL OR r[key] <> row.properties[key]) AS changed
FOREACH (_ IN CASE WHEN r IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[new:$($type)]->(b) SET new = row.properties)
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET r += row.properties)
RETURN sum(CASE WHEN r IS NULL THEN 1 ELSE 0 END) AS created, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated
