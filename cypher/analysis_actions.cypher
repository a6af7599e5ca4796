// Every action with its owner and the recommendations it addresses, each with its
// classification, for the overdue query and the stats. No parameters. Returns per action,
// by id: id, title, status, due, classification, owners ([id, name, abbreviation,
// ll_body, classification]; one, unless the graph broke the rule), addresses ([id, classification]).
MATCH (a:Action)
RETURN a.id AS id, a.title AS title, a.status AS status, a.due AS due, a.classification AS classification,
       [(a)-[:OWNED_BY]->(o:Organisation) | [o.id, o.name, o.abbreviation, coalesce(o.ll_body, false), o.classification]] AS owners,
       [(a)-[:ADDRESSES]->(r:Recommendation) | [r.id, r.classification]] AS addresses
ORDER BY id
