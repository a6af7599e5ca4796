// Whether the graph holds no domain node. No parameters. Returns: empty (boolean).
RETURN NOT EXISTS { MATCH (:Node) } AS empty
