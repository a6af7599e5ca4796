// The classification of those of the given nodes that exist (visible or not), for an
// import to refuse writing over what its caller cannot see. Parameters: $keys (list of
// {label, id}). Returns: label, id, classification for each that exists.
UNWIND $keys AS key
MATCH (n:Node {id: key.id})
WHERE key.label IN labels(n)
RETURN key.label AS label, key.id AS id, n.classification AS classification
