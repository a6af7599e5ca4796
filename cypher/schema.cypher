// The graph schema, applied at start and by `kg schema`; idempotent (IF NOT EXISTS).
// No parameters. Statements end with ';' at the end of a line (see graph/cypher_catalog.py).
// Every node also carries the marker label Node: lookups by (label, id) seek node_id,
// because Neo4j 5.26 plans MATCH on a dynamic label as a scan of all nodes.

CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mission_id IF NOT EXISTS FOR (n:Mission) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT evaluation_id IF NOT EXISTS FOR (n:Evaluation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (n:Finding) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT recommendation_id IF NOT EXISTS FOR (n:Recommendation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT response_id IF NOT EXISTS FOR (n:Response) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT action_id IF NOT EXISTS FOR (n:Action) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interface_id IF NOT EXISTS FOR (n:Interface) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT theme_id IF NOT EXISTS FOR (n:Theme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (n:GraphVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT audit_record_id IF NOT EXISTS FOR (n:AuditRecord) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE INDEX audit_record_at IF NOT EXISTS FOR (n:AuditRecord) ON (n.at);
CREATE INDEX audit_record_target IF NOT EXISTS FOR (n:AuditRecord) ON (n.target_id);
CREATE INDEX audit_record_subject IF NOT EXISTS FOR (n:AuditRecord) ON (n.subject);
CREATE INDEX node_id IF NOT EXISTS FOR (n:Node) ON (n.id);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind);
CREATE INDEX organisation_ll_body IF NOT EXISTS FOR (n:Organisation) ON (n.ll_body);
CREATE INDEX evaluation_kind IF NOT EXISTS FOR (n:Evaluation) ON (n.kind);
CREATE INDEX recommendation_kind IF NOT EXISTS FOR (n:Recommendation) ON (n.kind);
CREATE INDEX response_stance IF NOT EXISTS FOR (n:Response) ON (n.stance);
CREATE INDEX action_status IF NOT EXISTS FOR (n:Action) ON (n.status);
CREATE INDEX action_due IF NOT EXISTS FOR (n:Action) ON (n.due);
CREATE INDEX interface_kind IF NOT EXISTS FOR (n:Interface) ON (n.kind);
CREATE INDEX mission_acronym IF NOT EXISTS FOR (n:Mission) ON (n.acronym);
CREATE INDEX document_kind IF NOT EXISTS FOR (n:Document) ON (n.kind);
CREATE FULLTEXT INDEX node_text IF NOT EXISTS
FOR (n:Organisation|Mission|Evaluation|Finding|Recommendation|Response|Action|Interface|Document|Theme)
ON EACH [n.name, n.abbreviation, n.acronym, n.title, n.text, n.summary, n.description, n.code, n.reference]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'dutch'}};
