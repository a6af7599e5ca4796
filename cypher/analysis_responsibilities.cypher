// Work that counts for an organisation: owned actions and addressed recommendations, its
// own or a predecessor's through SUCCEEDED_BY (at most 10 reorganisations back).
// Parameters: $id. Returns: found (boolean), items ([{kind, id, title, status | statuses, holder, via}])
// where via is the succession chain of organisation ids from the holder to $id; a
// recommendation carries its actions' statuses (the caller derives its stage).
OPTIONAL MATCH (o:Organisation {id: $id})
CALL (o) {
  MATCH p = (holder:Organisation)-[:SUCCEEDED_BY]->{0,10}(o)
  WITH holder, [n IN nodes(p) | n.id] AS via
  CALL (holder, via) {
    MATCH (a:Action)-[:OWNED_BY]->(holder)
    RETURN {kind: 'action', id: a.id, title: a.title, status: a.status, holder: holder.id, via: via} AS item
    UNION
    MATCH (r:Recommendation)-[:ADDRESSED_TO]->(holder)
    OPTIONAL MATCH (act:Action)-[:ADDRESSES]->(r)
    WITH r, holder, via, collect(act.status) AS statuses
    RETURN {kind: 'recommendation', id: r.id, title: coalesce(r.code + ': ', '') + r.text, holder: holder.id, via: via,
            statuses: statuses} AS item
  }
  RETURN collect(item) AS items
}
RETURN o IS NOT NULL AS found, items
