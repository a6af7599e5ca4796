// Every API key without its hash, newest first. Parameters: $visible (keys whose clearance
// the caller holds). Returns: keys (list of maps).
MATCH (k:ApiKey) WHERE k.clearance IN $visible
WITH k ORDER BY k.created_at DESC, k.id
RETURN collect(k {.id, .name, .role, .clearance, .created_at, .created_by, .expires, .revoked_at}) AS keys
