// The interface network, read whole for the analysis service (feedback loops, paths,
// network figures). No parameters. Returns one row: organisations ([id, name,
// abbreviation, ll_body, classification]) and interfaces ([id, name, kind, formalised,
// basis, classification, from id, to id]), each sorted by id. Lists, not maps: the
// answer is large and lists cost less to send. An interface without both ends is left out.
CALL () {
  MATCH (o:Organisation)
  WITH o ORDER BY o.id
  RETURN collect([o.id, o.name, o.abbreviation, coalesce(o.ll_body, false), o.classification]) AS organisations
}
CALL () {
  MATCH (a:Organisation)<-[:FROM]-(i:Interface)-[:TO]->(b:Organisation)
  WITH i, a, b ORDER BY i.id, a.id, b.id
  RETURN collect([i.id, i.name, i.kind, coalesce(i.formalised, false), coalesce(i.basis, 'stated'), i.classification,
                  a.id, b.id]) AS interfaces
}
RETURN organisations, interfaces
