// Store a new API key (only its hash). Parameters: $id, $name, $role, $clearance, $hash,
// $created_at, $created_by, $expires (ISO or null). ApiKey is not a domain label: never
// exported or counted. Returns: key (its properties without the hash).
CREATE (k:ApiKey {id: $id, name: $name, role: $role, clearance: $clearance, hash: $hash,
                  created_at: $created_at, created_by: $created_by, expires: $expires})
RETURN k {.id, .name, .role, .clearance, .created_at, .created_by, .expires, .revoked_at} AS key
