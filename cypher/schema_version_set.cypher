// Record the schema version. Parameters: $version (int), $applied_at (ISO string). Returns: version.
MERGE (s:SchemaVersion {id: 'schema'})
SET s.version = $version, s.applied_at = $applied_at
RETURN s.version AS version
