// Work that counts for an organisation: owned actions and addressed recommendations, its
// own or a predecessor's through SUCCEEDED_BY (at most 10 reorganisations back), on the
// visible graph: every node of a chain, the work and its actions at most the clearance.
// Parameters: $id, $visible (the classifications the caller sees). Returns: found (boolean),
// items ([{kind, id, title, status | statuses, holder, via}]) where via is the succession
// chain of organisation ids from the holder to $id; a recommendation carries its visible
// actions' statuses (the caller derives its stage).
OPTIONAL MATCH (o:Organisation {id: $id}) WHERE o.classification IN $visible
CALL (o) {
  MATCH p = (holder:Organisation WHERE holder.classification IN $visible)
            ((:Organisation)-[:SUCCEEDED_BY]->(next:Organisation WHERE next.classification IN $visible)){0,10}
            (o)
  WITH holder, [n IN nodes(p) | n.id] AS via
  CALL (holder, via) {
    MATCH (a:Action WHERE a.classification IN $visible)-[:OWNED_BY]->(holder)
    RETURN {kind: 'action', id: a.id, title: a.title, status: a.status, holder: holder.id, via: via} AS item
    UNION
    MATCH (r:Recommendation WHERE r.classification IN $visible)-[:ADDRESSED_TO]->(holder)
    OPTIONAL MATCH (act:Action WHERE act.classification IN $visible)-[:ADDRESSES]->(r)
    WITH r, holder, via, collect(act.status) AS statuses
    RETURN {kind: 'recommendation', id: r.id, title: coalesce(r.code + ': ', '') + r.text, holder: holder.id, via: via,
            statuses: statuses} AS item
  }
  RETURN collect(item) AS items
}
RETURN o IS NOT NULL AS found, items
