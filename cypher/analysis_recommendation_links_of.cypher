// analysis_recommendation_links.cypher for some recommendations only: what the analysis
// service reads again after this process's own writes changed them or their neighbours.
// Parameters: $ids (recommendation ids). Returns one row in the shape of
// analysis_recommendation_links.
CALL () {
  UNWIND $ids AS id
  MATCH (r:Recommendation {id: id})-[:TAGGED]->(t:Theme)
  RETURN collect([r.id, t.id, t.classification]) AS themes
}
CALL () {
  UNWIND $ids AS id
  MATCH (r:Recommendation {id: id})-[:SIMILAR_TO]->(o:Recommendation)
  RETURN collect([r.id, o.id]) AS similar
}
CALL () {
  UNWIND $ids AS id
  MATCH (r:Recommendation {id: id})-[:ADDRESSED_TO]->(o:Organisation)
  RETURN collect([r.id, o.id, o.classification]) AS addressed
}
RETURN themes, similar, addressed
