// analysis_interfaces.cypher for some organisations and interfaces only: what the analysis
// service reads again after this process's own writes changed them. Parameters:
// $organisations, $interfaces (ids). Returns one row in the shape of analysis_interfaces;
// an id that is gone (or an interface without both ends) is absent from it.
CALL () {
  UNWIND $organisations AS id
  MATCH (o:Organisation {id: id})
  WITH o ORDER BY o.id
  RETURN collect([o.id, o.name, o.abbreviation, coalesce(o.ll_body, false), o.classification]) AS organisations
}
CALL () {
  UNWIND $interfaces AS id
  MATCH (a:Organisation)<-[:FROM]-(i:Interface {id: id})-[:TO]->(b:Organisation)
  WITH i, a, b ORDER BY i.id, a.id, b.id
  RETURN collect([i.id, i.name, i.kind, coalesce(i.formalised, false), coalesce(i.basis, 'stated'), i.classification,
                  a.id, b.id]) AS interfaces
}
RETURN organisations, interfaces
