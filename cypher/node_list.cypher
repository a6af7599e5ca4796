// A page of the visible nodes of one label. Parameters: $label (allowlisted), $filters
// (map of property -> value, keys allowlisted), $visible, $skip, $limit.
// Returns: total (visible matches), items (list of property maps).
MATCH (n:Node)
WHERE $label IN labels(n) AND n.classification IN $visible
  AND all(key IN keys($filters) WHERE n[key] = $filters[key])
WITH n ORDER BY n.id
WITH collect(properties(n)) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS items
