// The count of committed changes to the domain graph. No parameters. Returns: version (0 if none yet).
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN coalesce(v.version, 0) AS version
