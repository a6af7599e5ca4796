// Which of the given nodes exist. Parameters: $keys (list of {label, id}).
// Returns: label, id for each one that exists.
UNWIND $keys AS key
MATCH (n:Node {id: key.id})
WHERE key.label IN labels(n)
RETURN key.label AS label, key.id AS id
