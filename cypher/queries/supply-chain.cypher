// Where does this client's data go? Every processor, sub-processor (fourth party, fifth party …) the
// client's data reaches, with the categories that reach it, the shortest chain, and the software they run.
//
// The mirror image of vendor-exposure.cypher: organisation O is in the supply chain of client C exactly
// when C is an exposed client of O, with the same categories and hops. Categories start as those C gives
// P0 and are intersected with those passed on at every SUBPROCESSES_TO (absent = all passed on).
// The placeholder after `*0..` is replaced by a number from 0 to 5 (maxDepth - 1); relationship
// uniqueness and that bound make cycles harmless. A chain that returns to the client is ignored.
// Only what the caller may see ($visibleTlp, the TLP markings of their clearance) is walked, and only
// flows, sub-processing and software use that hold on $asOf (VALID_ON, the rule of exposure.Validity).
MATCH (c:Organisation {id: $clientId})-[f:ENTRUSTS]->(p0:Organisation)
WHERE coalesce(c.tlp, 'CLEAR') IN $visibleTlp AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(f)
MATCH chain = (p0)-[:SUBPROCESSES_TO*0..$maxSubProcessing]->(o:Organisation)
WHERE o <> c
  AND all(r IN relationships(chain) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r))
  AND all(n IN nodes(chain) WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
WITH o, chain, length(chain) + 1 AS hops,
     reduce(acc = coalesce(f.categories, []), r IN relationships(chain) |
       CASE WHEN r.categories IS NULL THEN acc ELSE [x IN acc WHERE x IN r.categories] END) AS categories
WHERE size(categories) > 0
ORDER BY hops
WITH o, collect({hops: hops, categories: categories, path: [$clientId] + [n IN nodes(chain) | n.id]}) AS routes
RETURN o.id AS organisationId,
       routes[0].hops AS hops,
       routes[0].path AS path,
       reduce(u = [], r IN routes | u + [x IN r.categories WHERE NOT x IN u]) AS categories,
       [(o)-[r:RUNS]->(s:Software) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND coalesce(s.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r) | s.id] AS softwareIds
