// A mission's lineage: evaluations -> recommendations -> responses and actions -> owners.
// Parameters: $id. Returns: mission (properties or null), evaluations (nested list).
OPTIONAL MATCH (m:Mission {id: $id})
CALL (m) {
  OPTIONAL MATCH (e:Evaluation)-[:EVALUATES]->(m)
  CALL (e) {
    OPTIONAL MATCH (e)-[:RECOMMENDS]->(r:Recommendation)
    CALL (r) {
      OPTIONAL MATCH (s:Response)-[:RESPONDS_TO]->(r)
      OPTIONAL MATCH (s)-[:GIVEN_BY]->(g:Organisation)
      WITH s, g ORDER BY s.date IS NULL, s.date DESC, s.id
      RETURN collect(CASE WHEN s IS NULL THEN null ELSE s {.*, given_by: g.id} END) AS responses
    }
    CALL (r) {
      OPTIONAL MATCH (a:Action)-[:ADDRESSES]->(r)
      OPTIONAL MATCH (a)-[:OWNED_BY]->(o:Organisation)
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
