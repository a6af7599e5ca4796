// The constraints in place. No parameters. Returns: name, type, labels, properties (by name).
SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
RETURN name, type, labelsOrTypes AS labels, properties
ORDER BY name
