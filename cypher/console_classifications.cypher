// The classifications present in the whole database, for the console's clearance rule: the
// console reads everything, so it is open only to a caller cleared for the highest of
// these (DOMAIN.md, Security). Domain nodes and audit records by their classification, API
// keys by their clearance (a key is listed only to an admin who holds it). A node without
// one answers null, which counts as above every clearance. No parameters.
// Returns rows: classification.
MATCH (n)
WHERE n:Node OR n:AuditRecord
RETURN DISTINCT n.classification AS classification
UNION
MATCH (k:ApiKey)
RETURN DISTINCT k['clearance'] AS classification
