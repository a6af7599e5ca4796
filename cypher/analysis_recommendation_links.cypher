// What links recommendations to each other and to the organisations they are addressed
// to, for recurring lessons and the theme and addressee filters; one row of lists.
// No parameters. Returns: themes ([recommendation id, theme id, classification]) for
// TAGGED, similar ([recommendation id, recommendation id]) for SIMILAR_TO, addressed
// ([recommendation id, organisation id, classification]) for ADDRESSED_TO.
CALL () {
  MATCH (r:Recommendation)-[:TAGGED]->(t:Theme)
  RETURN collect([r.id, t.id, t.classification]) AS themes
}
CALL () {
  MATCH (r:Recommendation)-[:SIMILAR_TO]->(o:Recommendation)
  RETURN collect([r.id, o.id]) AS similar
}
CALL () {
  MATCH (r:Recommendation)-[:ADDRESSED_TO]->(o:Organisation)
  RETURN collect([r.id, o.id, o.classification]) AS addressed
}
RETURN themes, similar, addressed
