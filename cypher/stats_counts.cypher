// Counts for dashboards. No parameters. Returns: labels ({label: count}),
// actions_by_status ({status: count}), actions_by_owner ([{owner, count}]).
CALL () {
  MATCH (n:Node)
  UNWIND [l IN labels(n) WHERE l <> 'Node'] AS label
  WITH label, count(*) AS c ORDER BY label
  RETURN collect([label, c]) AS labels
}
CALL () {
  MATCH (a:Action)
  WITH a.status AS status, count(*) AS c ORDER BY status
  RETURN collect([status, c]) AS actions_by_status
}
CALL () {
  MATCH (a:Action)-[:OWNED_BY]->(o:Organisation)
  WITH o.id AS owner, count(*) AS c ORDER BY c DESC, owner
  RETURN collect({owner: owner, count: c}) AS actions_by_owner
}
RETURN labels, actions_by_status, actions_by_owner
