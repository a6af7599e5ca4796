"""Everything that talks to Neo4j: connection, schema, queries, repositories, analytics."""
