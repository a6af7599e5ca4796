// Count a committed change of the domain graph; run in the same transaction as every data
// write, so cached derived answers know they are stale. No parameters. Returns: version.
MERGE (v:GraphVersion {id: 'graph'})
ON CREATE SET v.version = 1
ON MATCH SET v.version = v.version + 1
RETURN v.version AS version
