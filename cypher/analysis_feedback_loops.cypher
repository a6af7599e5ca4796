// Feedback loops of interfaces (DOMAIN.md, "Interface without a feedback loop").
// Parameters: $interface_id (string or null: all interfaces), $kinds (list of interface
// kinds the return chain may use, or null for any), $kind, $formalised, $ll_body_only
// (filters on the interface itself; null = no filter).
// Returns per interface: id, name, kind, formalised, from {id, name, ll_body}, to {...},
// chain (the shortest return chain within 6 hops, as [{id, name, kind, from, to}], or null).
// The hop bound 6 is the API's maximum; the caller compares size(chain) with max_hops.
// A self-interface (from = to) is its own loop: the empty chain (0 hops) leads back.
MATCH (i:Interface)-[:FROM]->(a:Organisation)
WHERE ($interface_id IS NULL OR i.id = $interface_id)
  AND ($kind IS NULL OR i.kind = $kind)
  AND ($formalised IS NULL OR coalesce(i.formalised, false) = $formalised)
MATCH (i)-[:TO]->(b:Organisation)
WHERE NOT coalesce($ll_body_only, false) OR (coalesce(a.ll_body, false) AND coalesce(b.ll_body, false))
// Not OPTIONAL MATCH: in 5.26 an optional SHORTEST that finds nothing yields a 0-length
// path instead of null. An aggregating subquery always returns one row.
CALL (i, a, b) {
  MATCH p = SHORTEST 1 (b)
    ((x:Organisation)<-[:FROM]-(j:Interface WHERE j <> i AND ($kinds IS NULL OR j.kind IN $kinds))-[:TO]->(y:Organisation)){1,6}
    (a)
  WHERE a <> b
  RETURN collect([k IN range(0, size(j) - 1) | {id: j[k].id, name: j[k].name, kind: j[k].kind, from: x[k].id, to: y[k].id}]) AS chains
}
RETURN i.id AS id, i.name AS name, i.kind AS kind, coalesce(i.formalised, false) AS formalised,
       a {.id, .name, .abbreviation, ll_body: coalesce(a.ll_body, false)} AS from,
       b {.id, .name, .abbreviation, ll_body: coalesce(b.ll_body, false)} AS to,
       CASE WHEN a = b THEN [] ELSE head(chains) END AS chain
ORDER BY id
