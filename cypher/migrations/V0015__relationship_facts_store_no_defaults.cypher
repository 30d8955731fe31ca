// A relationship fact stores none of its defaults (graph.Facts): confidence 50, no sources and not disputed are
// absent, and every reader supplies them. Earlier writers stored them; they go here, in batches, so that a store of
// millions of data flows is not rewritten in one transaction, and a re-import over them finds them unchanged.
MATCH ()-[r]->() WHERE r.confidence = 50
CALL (r) { REMOVE r.confidence } IN TRANSACTIONS OF 10000 ROWS;
MATCH ()-[r]->() WHERE size(r.sourceIds) = 0
CALL (r) { REMOVE r.sourceIds } IN TRANSACTIONS OF 10000 ROWS;
MATCH ()-[r]->() WHERE r.disputed = false
CALL (r) { REMOVE r.disputed } IN TRANSACTIONS OF 10000 ROWS;
