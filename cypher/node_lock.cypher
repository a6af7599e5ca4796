// Take the write lock on one node until the transaction ends, so that what is checked
// next (its version, its one owner, FROM or TO) cannot change before the write.
// Parameters: $label, $id. Returns: locked (0 or 1): 1 when the node exists once the lock
// is held (a node deleted by a transaction that held the lock before is found gone).
// Changes no data.
OPTIONAL MATCH (found:Node {id: $id}) WHERE $label IN labels(found)
CALL (found) {
  WITH found WHERE found IS NOT NULL
  SET found._lock = true REMOVE found._lock
}
CALL (found) {
  OPTIONAL MATCH (n:Node {id: $id}) WHERE n = found
  RETURN n
}
RETURN count(n) AS locked
