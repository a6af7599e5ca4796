// Revoke an API key (kept, for the audit trail). Parameters: $id, $at, $visible.
// Returns: key (without the hash; null when unknown or above the caller's clearance),
// was_revoked (whether it already was).
OPTIONAL MATCH (k:ApiKey {id: $id}) WHERE k.clearance IN $visible
WITH k, k.revoked_at IS NOT NULL AS was_revoked
FOREACH (_ IN CASE WHEN k IS NULL OR was_revoked THEN [] ELSE [1] END | SET k.revoked_at = $at)
RETURN CASE WHEN k IS NULL THEN null
            ELSE k {.id, .name, .role, .clearance, .created_at, .created_by, .expires, .revoked_at} END AS key,
       coalesce(was_revoked, false) AS was_revoked
