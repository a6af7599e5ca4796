// Every recommendation with what its stage, stance, recurrence and filters are derived
// from, each neighbour with its classification so that the caller can keep only what a
// clearance sees. No parameters. Returns per recommendation, by id: id, code, text, kind,
// classification, actions ([id, title, status, classification]), responses ([id, stance,
// date, classification]), evaluations ([id, classification, [[mission id, classification]]]),
// themes ([id, classification]), similar_to (ids), addressed_to ([id, classification]).
MATCH (r:Recommendation)
RETURN r.id AS id, r.code AS code, r.text AS text, r.kind AS kind, r.classification AS classification,
       [(a:Action)-[:ADDRESSES]->(r) | [a.id, a.title, a.status, a.classification]] AS actions,
       [(s:Response)-[:RESPONDS_TO]->(r) | [s.id, s.stance, s.date, s.classification]] AS responses,
       [(e:Evaluation)-[:RECOMMENDS]->(r) |
         [e.id, e.classification, [(e)-[:EVALUATES]->(m:Mission) | [m.id, m.classification]]]] AS evaluations,
       [(r)-[:TAGGED]->(t:Theme) | [t.id, t.classification]] AS themes,
       [(r)-[:SIMILAR_TO]->(o:Recommendation) | o.id] AS similar_to,
       [(r)-[:ADDRESSED_TO]->(o:Organisation) | [o.id, o.classification]] AS addressed_to
ORDER BY id
