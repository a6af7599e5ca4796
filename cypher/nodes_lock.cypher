// Take the write locks on several nodes, in the order given (callers sort them, so that
// two transactions never wait on each other crosswise). Parameters: $keys (list of
// {label, id}). Returns: locked (how many exist). Changes no data.
UNWIND $keys AS key
MATCH (n:Node {id: key.id}) WHERE key.label IN labels(n)
SET n._lock = true
REMOVE n._lock
RETURN count(n) AS locked
