// Every action with its owner and the recommendations it addresses, each with its
// classification, for the overdue query and the stats; in one row of lists (see
// analysis_recommendations.cypher for why). No parameters. Returns:
// actions ([id, title, status, due, classification]),
// owners ([action id, organisation id, name, abbreviation, ll_body, classification]) for OWNED_BY,
// addresses ([action id, recommendation id, classification]) for ADDRESSES.
CALL () {
  MATCH (a:Action)
  RETURN collect([a.id, a.title, a.status, a.due, a.classification]) AS actions
}
CALL () {
  MATCH (a:Action)-[:OWNED_BY]->(o:Organisation)
  RETURN collect([a.id, o.id, o.name, o.abbreviation, coalesce(o.ll_body, false), o.classification]) AS owners
}
CALL () {
  MATCH (a:Action)-[:ADDRESSES]->(r:Recommendation)
  RETURN collect([a.id, r.id, r.classification]) AS addresses
}
RETURN actions, owners, addresses
