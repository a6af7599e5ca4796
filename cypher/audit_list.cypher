// Audit records visible to the caller, newest first. Parameters: $visible, $target (a
// target id or null), $subject (or null), $since, $until (ISO or null, inclusive), $skip,
// $limit. Returns: total, items (list of records as maps).
MATCH (a:AuditRecord)
WHERE a.classification IN $visible
  AND ($target IS NULL OR a.target_id = $target)
  AND ($subject IS NULL OR a.subject = $subject)
  AND ($since IS NULL OR a.at >= $since)
  AND ($until IS NULL OR a.at <= $until)
WITH a ORDER BY a.at DESC, a.id DESC
WITH collect(properties(a)) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS items
