// analysis_recommendations.cypher for some recommendations only: what the analysis service
// reads again after this process's own writes changed them or their neighbours.
// Parameters: $ids (recommendation ids). Returns one row in the shape of
// analysis_recommendations; an id that is gone is absent from it. Evaluations: those that
// recommend one of them.
CALL () {
  UNWIND $ids AS id
  MATCH (r:Recommendation {id: id})
  RETURN collect([r.id, r.code, r.text, r.kind, r.classification]) AS recommendations
}
CALL () {
  UNWIND $ids AS id
  MATCH (a:Action)-[:ADDRESSES]->(r:Recommendation {id: id})
  RETURN collect([r.id, a.id, a.title, a.status, a.classification]) AS actions
}
CALL () {
  UNWIND $ids AS id
  MATCH (s:Response)-[:RESPONDS_TO]->(r:Recommendation {id: id})
  RETURN collect([r.id, s.id, s.stance, s.date, s.classification]) AS responses
}
CALL () {
  UNWIND $ids AS id
  MATCH (e:Evaluation)-[:RECOMMENDS]->(r:Recommendation {id: id})
  RETURN collect([r.id, e.id]) AS recommends
}
CALL () {
  UNWIND $ids AS id
  MATCH (e:Evaluation)-[:RECOMMENDS]->(:Recommendation {id: id})
  WITH DISTINCT e
  RETURN collect([e.id, e.classification, [(e)-[:EVALUATES]->(m:Mission) | [m.id, m.classification]]]) AS evaluations
}
RETURN recommendations, actions, responses, recommends, evaluations
