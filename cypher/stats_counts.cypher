// Domain nodes counted by label and classification, for the dashboards' totals on the
// visible graph. No parameters. Returns rows: label, classification, count.
MATCH (n:Node)
UNWIND [l IN labels(n) WHERE l <> 'Node'] AS label
RETURN label, n.classification AS classification, count(*) AS count
ORDER BY label, classification
