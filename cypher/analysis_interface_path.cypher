// The shortest chain of interfaces from one organisation to another.
// Parameters: $from_id, $to_id, $kinds (list or null). Returns: found_from, found_to (booleans),
// chain ([{id, name, kind, from, to}] within 6 hops, or null); the caller applies max_hops.
OPTIONAL MATCH (a:Organisation {id: $from_id})
OPTIONAL MATCH (b:Organisation {id: $to_id})
// Not OPTIONAL MATCH: in 5.26 an optional SHORTEST that finds nothing yields a 0-length
// path instead of null. An aggregating subquery always returns one row.
CALL (a, b) {
  MATCH p = SHORTEST 1 (a)
    ((x:Organisation)<-[:FROM]-(j:Interface WHERE $kinds IS NULL OR j.kind IN $kinds)-[:TO]->(y:Organisation)){1,6}
    (b)
  RETURN collect([k IN range(0, size(j) - 1) | {id: j[k].id, name: j[k].name, kind: j[k].kind, from: x[k].id, to: y[k].id}]) AS chains
}
RETURN a IS NOT NULL AS found_from, b IS NOT NULL AS found_to, head(chains) AS chain
