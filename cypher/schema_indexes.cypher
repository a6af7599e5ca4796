// The indexes in place. No parameters. Returns: name, type, labels, properties, state (by name).
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state
RETURN name, type, labelsOrTypes AS labels, properties, state
ORDER BY name
