// A page of nodes of one label. Parameters: $label (allowlisted), $filters (map of
// property -> value, keys allowlisted), $skip, $limit. Returns: total, items (list of property maps).
MATCH (n:Node)
WHERE $label IN labels(n) AND all(key IN keys($filters) WHERE n[key] = $filters[key])
WITH n ORDER BY n.id
WITH collect(properties(n)) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS items
