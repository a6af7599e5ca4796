// What the stages and the follow-up gap are computed from, in one row of lists (the
// driver pays per record, not per list item: one row is ten times faster than a row per
// recommendation). Each neighbour comes with its classification, so that the caller can
// keep what a clearance sees. The themes, similar lessons and addressees are read apart
// (analysis_recommendation_links.cypher): most answers do not need them. No parameters.
// Returns:
// recommendations ([id, code, text, kind, classification]),
// actions ([recommendation id, action id, title, status, classification]) for ADDRESSES,
// responses ([recommendation id, response id, stance, date, classification]) for RESPONDS_TO,
// recommends ([recommendation id, evaluation id]) for RECOMMENDS from an Evaluation,
// evaluations ([id, classification, [[mission id, classification]]]) with what they EVALUATE.
CALL () {
  MATCH (r:Recommendation)
  RETURN collect([r.id, r.code, r.text, r.kind, r.classification]) AS recommendations
}
CALL () {
  MATCH (a:Action)-[:ADDRESSES]->(r:Recommendation)
  RETURN collect([r.id, a.id, a.title, a.status, a.classification]) AS actions
}
CALL () {
  MATCH (s:Response)-[:RESPONDS_TO]->(r:Recommendation)
  RETURN collect([r.id, s.id, s.stance, s.date, s.classification]) AS responses
}
CALL () {
  MATCH (e:Evaluation)-[:RECOMMENDS]->(r:Recommendation)
  RETURN collect([r.id, e.id]) AS recommends
}
CALL () {
  MATCH (e:Evaluation)
  RETURN collect([e.id, e.classification, [(e)-[:EVALUATES]->(m:Mission) | [m.id, m.classification]]]) AS evaluations
}
RETURN recommendations, actions, responses, recommends, evaluations
