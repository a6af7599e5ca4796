// Take the write lock on one node until the transaction ends, so that what is checked
// next (its version, its one owner, FROM or TO) cannot change before the write.
// Parameters: $label, $id, $visible. Returns: locked (0 or 1): 1 when the node exists, and
// is visible to the caller, once the lock is held (a node deleted by a transaction that
// held the lock before is found gone), and classification (its own, or null).
// Changes no data.
OPTIONAL MATCH (found:Node {id: $id}) WHERE $label IN labels(found) AND found.classification IN $visible
CALL (found) {
  WITH found WHERE found IS NOT NULL
  SET found._lock = true REMOVE found._lock
}
CALL (found) {
  OPTIONAL MATCH (n:Node {id: $id}) WHERE n = found
  RETURN n
}
RETURN count(n) AS locked, head(collect(n.classification)) AS classification
