// Merge a batch of relationships of one type. Parameters: $type (allowlisted), $rows (list
// of {from_label, from_id, to_label, to_id, properties}). Ends were checked to exist; a row
// whose end is gone (deleted meanwhile) is not matched, and the caller compares `matched`
// with the rows it sent. MERGE between two bound nodes locks both before it creates, so
// concurrent imports of one relationship create it once: at most one relationship of a
// type between two nodes. An unchanged one is left alone. Returns: matched, created, updated.
//
// One branch per type of graph.domain.PATTERNS (a test holds the two together) instead of
// MERGE (a)-[r:$($type)]->(b): with a dynamic type Neo4j 5.26 plans the MERGE's read as a
// scan of every relationship whenever the statistics say the database has few of them, as
// they do throughout an import into an empty graph, which made an import quadratic (2,000
// rows: 22 s against 0.15 s). A static type is read by Expand(Into) from the bound ends.
UNWIND $rows AS row
MATCH (a:Node {id: row.from_id}) WHERE row.from_label IN labels(a)
MATCH (b:Node {id: row.to_id}) WHERE row.to_label IN labels(b)
CALL (a, b) {
  WITH * WHERE $type = 'PART_OF' MERGE (a)-[r:PART_OF]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'SUCCEEDED_BY' MERGE (a)-[r:SUCCEEDED_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'PRECEDED_BY' MERGE (a)-[r:PRECEDED_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'CONTRIBUTED_TO' MERGE (a)-[r:CONTRIBUTED_TO]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'EVALUATES' MERGE (a)-[r:EVALUATES]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'CONDUCTED_BY' MERGE (a)-[r:CONDUCTED_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'RECORDS' MERGE (a)-[r:RECORDS]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'RECOMMENDS' MERGE (a)-[r:RECOMMENDS]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'BASED_ON' MERGE (a)-[r:BASED_ON]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'ADDRESSED_TO' MERGE (a)-[r:ADDRESSED_TO]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'CONCERNS' MERGE (a)-[r:CONCERNS]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'TAGGED' MERGE (a)-[r:TAGGED]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'SIMILAR_TO' MERGE (a)-[r:SIMILAR_TO]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'RESPONDS_TO' MERGE (a)-[r:RESPONDS_TO]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'GIVEN_BY' MERGE (a)-[r:GIVEN_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'ADDRESSES' MERGE (a)-[r:ADDRESSES]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'OWNED_BY' MERGE (a)-[r:OWNED_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'INVOLVES' MERGE (a)-[r:INVOLVES]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'APPLIED_IN' MERGE (a)-[r:APPLIED_IN]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'VALIDATED_BY' MERGE (a)-[r:VALIDATED_BY]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'FROM' MERGE (a)-[r:FROM]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'TO' MERGE (a)-[r:TO]->(b) ON CREATE SET r._created = true RETURN r
  UNION ALL
  WITH * WHERE $type = 'SOURCED_FROM' MERGE (a)-[r:SOURCED_FROM]->(b) ON CREATE SET r._created = true RETURN r
}
WITH r, row, r._created IS NOT NULL AS created
REMOVE r._created
WITH r, row, created,
     NOT created AND any(key IN keys(row.properties) WHERE r[key] IS NULL OR r[key] <> row.properties[key]) AS changed
FOREACH (_ IN CASE WHEN created OR changed THEN [1] ELSE [] END | SET r += row.properties)
RETURN count(*) AS matched, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated
