// Delete every domain node and its relationships (tests and the benchmark). No parameters. Returns: deleted.
MATCH (n:Node)
DETACH DELETE n
RETURN count(*) AS deleted
