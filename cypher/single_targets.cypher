// Current targets of single-target relationships. Parameters: $keys (list of {label, id, type}).
// Returns: label, id, type, target_label, target_id for each existing one.
UNWIND $keys AS key
MATCH (a:Node {id: key.id})-[r]->(t:Node)
WHERE key.label IN labels(a) AND type(r) = key.type
RETURN key.label AS label, key.id AS id, key.type AS type,
       [l IN labels(t) WHERE l <> 'Node'][0] AS target_label, t.id AS target_id
