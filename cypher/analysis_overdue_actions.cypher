// Overdue actions: due before $today and still planned or in progress (DOMAIN.md).
// A due date given as a year or a month is due at the end of that year or month.
// Parameters: $today (YYYY-MM-DD). Returns: id, title, status, due, owner {id, name} or null,
// addresses (recommendation ids), days_overdue is left to the caller.
MATCH (a:Action)
WHERE a.status IN ['planned', 'in_progress'] AND a.due IS NOT NULL
WITH a, CASE size(a.due) WHEN 4 THEN a.due + '-12-31' WHEN 7 THEN a.due + '-31' ELSE a.due END AS due_end
WHERE due_end < $today
OPTIONAL MATCH (a)-[:OWNED_BY]->(o:Organisation)
CALL (a) {
  OPTIONAL MATCH (a)-[:ADDRESSES]->(r:Recommendation)
  WITH r ORDER BY r.id
  RETURN collect(r.id) AS addresses
}
RETURN a.id AS id, a.title AS title, a.status AS status, a.due AS due, due_end,
       CASE WHEN o IS NULL THEN null ELSE o {.id, .name, .abbreviation} END AS owner, addresses
ORDER BY due_end, id
