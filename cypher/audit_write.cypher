// One audit record, written in the transaction of the change it records. Parameters: $id,
// $at (ISO, UTC), $subject, $operation, $target_label, $target_id, $before, $after (JSON
// text or null), $request_id, $classification (the record is visible at the classification
// of its target). AuditRecord is not a domain label: never exported, counted or cleared.
// Returns: id.
CREATE (a:AuditRecord {
  id: $id, at: $at, subject: $subject, operation: $operation, target_label: $target_label,
  target_id: $target_id, before: $before, after: $after, request_id: $request_id,
  classification: $classification
})
RETURN a.id AS id
