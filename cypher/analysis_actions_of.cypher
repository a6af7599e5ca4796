// analysis_actions.cypher for some actions only: what the analysis service reads again
// after this process's own writes changed them or their neighbours. Parameters: $ids
// (action ids). Returns one row in the shape of analysis_actions; an id that is gone is
// absent from it.
CALL () {
  UNWIND $ids AS id
  MATCH (a:Action {id: id})
  RETURN collect([a.id, a.title, a.status, a.due, a.classification]) AS actions
}
CALL () {
  UNWIND $ids AS id
  MATCH (a:Action {id: id})-[:OWNED_BY]->(o:Organisation)
  RETURN collect([a.id, o.id, o.name, o.abbreviation, coalesce(o.ll_body, false), o.classification]) AS owners
}
CALL () {
  UNWIND $ids AS id
  MATCH (a:Action {id: id})-[:ADDRESSES]->(r:Recommendation)
  RETURN collect([a.id, r.id, r.classification]) AS addresses
}
RETURN actions, owners, addresses
