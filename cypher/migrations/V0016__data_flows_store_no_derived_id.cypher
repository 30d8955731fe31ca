// A data flow stores no id when its id is the one derived from its ends, flow:<client>:<processor> (graph.Facts):
// every reader supplies it, and a look-up by it goes through the two organisations. Earlier writers stored it; it
// goes here, in batches, so that a store of millions of data flows is not rewritten in one transaction.
MATCH (c:Organisation)-[r:ENTRUSTS]->(p:Organisation) WHERE r.id = 'flow:' + c.id + ':' + p.id
CALL (r) { REMOVE r.id } IN TRANSACTIONS OF 10000 ROWS;
