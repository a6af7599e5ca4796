// One API key by id, with its hash, for verification. Parameters: $id.
// Returns: id, role, clearance, hash, expires, revoked_at, name (0 rows if unknown).
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.role AS role, k.clearance AS clearance, k.hash AS hash, k.expires AS expires,
       k.revoked_at AS revoked_at, k.name AS name
