// A mission's lineage: evaluations -> recommendations -> responses and actions -> owners,
// on the visible graph (every node at most the caller's clearance).
// Parameters: $id, $visible (the classifications the caller sees).
// Returns: mission (properties or null), evaluations (nested list).
OPTIONAL MATCH (m:Mission {id: $id}) WHERE m.classification IN $visible
CALL (m) {
  OPTIONAL MATCH (e:Evaluation WHERE e.classification IN $visible)-[:EVALUATES]->(m)
  CALL (e) {
    OPTIONAL MATCH (e)-[:RECOMMENDS]->(r:Recommendation WHERE r.classification IN $visible)
    CALL (r) {
      OPTIONAL MATCH (s:Response WHERE s.classification IN $visible)-[:RESPONDS_TO]->(r)
      OPTIONAL MATCH (s)-[:GIVEN_BY]->(g:Organisation WHERE g.classification IN $visible)
      WITH s, g ORDER BY s.date IS NULL, s.date DESC, s.id
      RETURN collect(CASE WHEN s IS NULL THEN null ELSE s {.*, given_by: g.id} END) AS responses
    }
    CALL (r) {
      OPTIONAL MATCH (a:Action WHERE a.classification IN $visible)-[:ADDRESSES]->(r)
      OPTIONAL MATCH (a)-[:OWNED_BY]->(o:Organisation WHERE o.classification IN $visible)
      WITH a, o ORDER BY a.id
      RETURN collect(CASE WHEN a IS NULL THEN null ELSE a {.*, owner: CASE WHEN o IS NULL THEN null ELSE o {.*} END} END) AS actions
    }
    WITH r, responses, actions ORDER BY r.id
    RETURN collect(CASE WHEN r IS NULL THEN null ELSE r {.*, responses: responses, actions: actions} END) AS recommendations
  }
  WITH e, recommendations ORDER BY e.id
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE e {.*, recommendations: recommendations} END) AS evaluations
}
RETURN CASE WHEN m IS NULL THEN null ELSE properties(m) END AS mission, evaluations
