// Full-text search (Dutch analyzer) within one label. Parameters: $label (allowlisted),
// $q (Lucene query, escaped), $filters, $skip, $limit. Returns: total, items (best match first).
CALL db.index.fulltext.queryNodes('node_text', $q) YIELD node, score
WHERE $label IN labels(node) AND all(key IN keys($filters) WHERE node[key] = $filters[key])
WITH node, score ORDER BY score DESC, node.id
WITH collect(properties(node)) AS matched
RETURN size(matched) AS total, matched[$skip..$skip + $limit] AS items
