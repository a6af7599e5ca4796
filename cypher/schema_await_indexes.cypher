// Wait until every index is online. Parameter: $seconds (int), the deadline. Returns nothing.
CALL db.awaitIndexes($seconds)
