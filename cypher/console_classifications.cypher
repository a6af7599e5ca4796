// The classifications present in the domain graph, for the console's clearance rule: the
// console reads the domain graph unfiltered (and nothing else: its plans may not enter the
// audit trail or the API keys), so it is open only to a caller cleared for the highest of
// these (DOMAIN.md, Security). A node without one answers null, which counts as above every
// clearance. No parameters.
// Returns rows: classification.
MATCH (n:Node)
RETURN DISTINCT n.classification AS classification
