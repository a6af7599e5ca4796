// The interface network. No parameters. Returns: organisations ([{id, name, abbreviation,
// ll_body}]) and interfaces ([{id, kind, from, to}]), each sorted by id.
CALL () {
  MATCH (o:Organisation)
  WITH o ORDER BY o.id
  RETURN collect(o {.id, .name, .abbreviation, ll_body: coalesce(o.ll_body, false)}) AS organisations
}
CALL () {
  MATCH (a:Organisation)<-[:FROM]-(i:Interface)-[:TO]->(b:Organisation)
  WITH i, a, b ORDER BY i.id
  RETURN collect({id: i.id, kind: i.kind, from: a.id, to: b.id}) AS interfaces
}
RETURN organisations, interfaces
