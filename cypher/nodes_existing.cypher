// Which of the given nodes exist on the caller's visible graph. Parameters: $keys (list of
// {label, id}), $visible (the classifications the caller sees).
// Returns: label, id for each one that exists and is visible.
UNWIND $keys AS key
MATCH (n:Node {id: key.id})
WHERE key.label IN labels(n) AND n.classification IN $visible
RETURN key.label AS label, key.id AS id
