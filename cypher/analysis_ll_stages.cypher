// Every recommendation with its derived LL stage and latest stance (DOMAIN.md, "LL stage").
// Parameters: $evaluation, $mission, $addressee, $theme (ids or null: filters).
// Returns: id, code, text, kind, latest_response {id, stance, date} or null,
// actions (all addressing it: [{id, title, status}]), evaluations (ids). The stage is
// derived from the actions' statuses in graph/analysis/stages.py, the one place it is defined.
MATCH (r:Recommendation)
WHERE ($evaluation IS NULL OR EXISTS { (:Evaluation {id: $evaluation})-[:RECOMMENDS]->(r) })
  AND ($mission IS NULL OR EXISTS { (:Mission {id: $mission})<-[:EVALUATES]-(:Evaluation)-[:RECOMMENDS]->(r) })
  AND ($addressee IS NULL OR EXISTS { (r)-[:ADDRESSED_TO]->(:Organisation {id: $addressee}) })
  AND ($theme IS NULL OR EXISTS { (r)-[:TAGGED]->(:Theme {id: $theme}) })
CALL (r) {
  OPTIONAL MATCH (a:Action)-[:ADDRESSES]->(r)
  WITH a ORDER BY a.id
  RETURN collect(a {.id, .title, .status}) AS actions
}
CALL (r) {
  // The latest response: by date (an undated one counts as oldest), then by id.
  OPTIONAL MATCH (s:Response)-[:RESPONDS_TO]->(r)
  WITH s ORDER BY s.date IS NULL, s.date DESC, s.id DESC
  RETURN head(collect(s {.id, .stance, .date})) AS latest_response
}
CALL (r) {
  OPTIONAL MATCH (e:Evaluation)-[:RECOMMENDS]->(r)
  WITH e ORDER BY e.id
  RETURN collect(e.id) AS evaluations
}
RETURN r.id AS id, r.code AS code, r.text AS text, r.kind AS kind, latest_response, actions, evaluations
ORDER BY id
