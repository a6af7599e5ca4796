// Current targets of single-target relationships. Parameters: $keys (list of {label, id,
// type}), $visible. Returns: label, id, type, target_label, target_id, target_visible for
// each existing one (hidden targets too: a single target stays single whoever looks).
UNWIND $keys AS key
MATCH (a:Node {id: key.id})-[r]->(t:Node)
WHERE key.label IN labels(a) AND type(r) = key.type
RETURN key.label AS label, key.id AS id, key.type AS type,
       [l IN labels(t) WHERE l <> 'Node'][0] AS target_label, t.id AS target_id,
       t.classification IN $visible AS target_visible
