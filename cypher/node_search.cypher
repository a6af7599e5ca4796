// Full-text search (Dutch analyzer) within one label, on the visible graph: the index is
// filtered after the search, so totals count visible matches only. Parameters: $label
// (allowlisted), $q (Lucene query, escaped), $filters, $visible, $skip, $limit.
// Returns: total, items (best match first).
CALL db.index.fulltext.queryNodes('node_text', $q) YIELD node, score
WHERE $label IN labels(node) AND node.classification IN $visible
  AND all(key IN keys($filters) WHERE node[key] = $filters[key])
WITH node, score ORDER BY score DESC, node.id
WITH collect(properties(node)) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS items
