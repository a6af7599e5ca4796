// Delete every domain node and its relationships, 10,000 nodes per transaction, so that
// a large graph never has to fit in one transaction's memory. Run in an auto-commit
// transaction (CALL ... IN TRANSACTIONS needs one). No parameters. Returns: deleted.
MATCH (n:Node)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
RETURN count(*) AS deleted
