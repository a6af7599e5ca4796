// What recurring lessons are computed from: recommendations with the missions their
// evaluations evaluate, their themes, and their SIMILAR_TO links.
// No parameters. Returns one row per recommendation: id, code, text, missions (ids),
// evaluations (ids), themes (ids), similar_to (ids of recommendations it points to).
MATCH (r:Recommendation)
CALL (r) {
  OPTIONAL MATCH (e:Evaluation)-[:RECOMMENDS]->(r)
  OPTIONAL MATCH (e)-[:EVALUATES]->(m:Mission)
  RETURN collect(DISTINCT m.id) AS missions, collect(DISTINCT e.id) AS evaluations
}
CALL (r) {
  OPTIONAL MATCH (r)-[:TAGGED]->(t:Theme)
  RETURN collect(DISTINCT t.id) AS themes
}
CALL (r) {
  OPTIONAL MATCH (r)-[:SIMILAR_TO]->(s:Recommendation)
  RETURN collect(DISTINCT s.id) AS similar_to
}
RETURN r.id AS id, r.code AS code, r.text AS text, missions, evaluations, themes, similar_to
ORDER BY id
