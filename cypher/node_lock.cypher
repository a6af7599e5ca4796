// Take the write lock on one node until the transaction ends, so that concurrent checks
// of its relationships (one owner, one FROM, one TO) run one after the other.
// Parameters: $label, $id. Returns: locked (0 or 1). Changes no data.
OPTIONAL MATCH (a:Node {id: $id}) WHERE $label IN labels(a)
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | SET a._lock = true REMOVE a._lock)
RETURN count(a) AS locked
