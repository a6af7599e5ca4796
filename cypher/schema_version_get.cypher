// The recorded schema version. No parameters. Returns: version (0 or 1 row).
MATCH (s:SchemaVersion {id: 'schema'})
RETURN s.version AS version
