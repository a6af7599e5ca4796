// Merge a batch of relationships of one type. Parameters: $type (allowlisted), $rows (list
// of {from_label, from_id, to_label, to_id, properties}). Ends were checked to exist; a row
// whose end is gone (deleted meanwhile) is not matched, and the caller compares `matched`
// with the rows it sent. MERGE between two bound nodes locks both before it creates, so
// concurrent imports of one relationship create it once: at most one relationship of a
// type between two nodes. An unchanged one is left alone. Returns: matched, created, updated.
UNWIND $rows AS row
MATCH (a:Node {id: row.from_id}) WHERE row.from_label IN labels(a)
MATCH (b:Node {id: row.to_id}) WHERE row.to_label IN labels(b)
MERGE (a)-[r:$($type)]->(b)
ON CREATE SET r._created = true
WITH r, row, r._created IS NOT NULL AS created
REMOVE r._created
WITH r, row, created,
     NOT created AND any(key IN keys(row.properties) WHERE r[key] IS NULL OR r[key] <> row.properties[key]) AS changed
FOREACH (_ IN CASE WHEN created OR changed THEN [1] ELSE [] END | SET r += row.properties)
RETURN count(*) AS matched, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated
