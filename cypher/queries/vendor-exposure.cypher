// These vendors are breached: whose data reaches them, with which categories, through which chain?
// (vendorExposure for one vendor; simulateBreach, incidentImpact and threatActorReach for several.)
//
// Client C is exposed by a breach of vendor V when C entrusts data to P0 and P0 -> P1 -> ... -> V by
// sub-processing. The categories exposed are those C gives P0 intersected with those passed on at every
// step (a SUBPROCESSES_TO without `categories` passes everything on).
//
// Shape, for speed at national scale: walk the small sub-processing graph backwards from V first and
// intersect each chain's categories once, then expand the large client fan-in of each P0.
// Variable-length bounds cannot be parameters in Cypher: the application keeps one copy of this query
// per allowed depth, with the placeholder after `*0..` replaced by a number from 0 to 5. Cypher's
// relationship-uniqueness within a path plus that bound make sub-processing cycles harmless.
//
// Parameters: $vendorIds (the breached organisations; they are never their own exposed clients),
// $categories (null = all; else only these category ids count), $kinds (null = all; else only clients
// of these kinds), $visibleTlp (the TLP markings the caller may see: every node and relationship the
// answer rests on must carry one of them, so hidden facts change no count).
MATCH (v:Organisation) WHERE v.id IN $vendorIds AND coalesce(v.tlp, 'CLEAR') IN $visibleTlp
MATCH chain = (p0:Organisation)-[:SUBPROCESSES_TO*0..$maxSubProcessing]->(v)
WHERE all(r IN relationships(chain) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp)
  AND all(n IN nodes(chain) WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
WITH p0, chain,
     reduce(acc = null, r IN relationships(chain) |
       CASE WHEN r.categories IS NULL THEN acc
            WHEN acc IS NULL THEN r.categories
            ELSE [x IN acc WHERE x IN r.categories] END) AS passedOn
WHERE passedOn IS NULL OR size(passedOn) > 0
MATCH (c:Organisation)-[f:ENTRUSTS]->(p0)
WHERE NOT c.id IN $vendorIds AND ($kinds IS NULL OR c.kind IN $kinds)
  AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp
WITH c, f, chain,
     [x IN f.categories WHERE (passedOn IS NULL OR x IN passedOn)
                          AND ($categories IS NULL OR x IN $categories)] AS categories
WHERE size(categories) > 0
WITH c, f, chain, categories, length(chain) + 1 AS hops
ORDER BY hops
// One route per (client, first processor, chain); the shortest explains the exposure, all contribute categories.
WITH c, collect({
       categories: categories,
       hops: hops,
       path: [c.id] + [n IN nodes(chain) | n.id],
       people: f.people,
       confidence: reduce(m = coalesce(f.confidence, 50), r IN relationships(chain) |
                     CASE WHEN coalesce(r.confidence, 50) < m THEN coalesce(r.confidence, 50) ELSE m END),
       disputed: coalesce(f.disputed, false) OR any(r IN relationships(chain) WHERE coalesce(r.disputed, false))
     }) AS routes
RETURN c.id AS clientId,
       routes[0].hops AS hops,
       routes[0].path AS path,
       routes[0].confidence AS confidence,
       routes[0].disputed AS disputed,
       reduce(u = [], r IN routes | u + [x IN r.categories WHERE NOT x IN u]) AS categories,
       reduce(p = null, r IN routes | CASE WHEN r.people IS NULL THEN p
                                           WHEN p IS NULL OR r.people > p THEN r.people ELSE p END) AS people
