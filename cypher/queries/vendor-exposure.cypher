// These vendors are breached: whose data reaches them, with which categories, through which chain?
// (vendorExposure for one vendor; simulateBreach, incidentImpact and threatActorReach for several.)
//
// Client C is exposed by a breach of vendor V when C entrusts data to P0 and P0 -> P1 -> ... -> V by
// sub-processing. The categories exposed are those C gives P0 intersected with those passed on at every
// step (a SUBPROCESSES_TO without `categories` passes everything on).
//
// Shape, for speed at national scale: walk the small sub-processing graph backwards from V first and
// boil its chains down to the few distinct routes of each first processor P0, then expand each P0's
// large client fan-in once (not once per chain: popular processors sit on thousands of chains).
// Since C's categories through P0 are the union over routes of (C's categories ∩ what the route passes
// on), routes passing on the same categories are interchangeable and only the shortest is kept.
// Memory stays bounded by the answer, not by the number of chains or flows: a route is carried as one
// text (" p0 p1 … v#confidence#disputed") and reduced with min(), never collected, so each group holds
// one value; the first route in id order stands for routes of the same length (deterministic).
// Variable-length bounds cannot be parameters in Cypher: the application keeps one copy of this query
// per allowed depth, with the placeholder after `*0..` replaced by a number from 0 to 5. Cypher's
// relationship-uniqueness within a path plus that bound make sub-processing cycles harmless.
//
// Parameters: $vendorIds (the breached organisations; they are never their own exposed clients),
// $categories (null = all; else only these category ids count), $kinds (null = all; else only clients
// of these kinds), $visibleTlp (the TLP markings the caller may see: every node and relationship the
// answer rests on must carry one of them, so hidden facts change no count), $asOf (the date the answer
// is for: only flows and sub-processing that hold on it count; VALID_ON(x) is the one rule, in
// exposure.Validity, expanded when the query is loaded).
MATCH (v:Organisation) WHERE v.id IN $vendorIds AND coalesce(v.tlp, 'CLEAR') IN $visibleTlp
MATCH chain = (p0:Organisation)-[:SUBPROCESSES_TO*0..$maxSubProcessing]->(v)
WHERE all(r IN relationships(chain) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r))
  AND all(n IN nodes(chain) WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
WITH p0, chain,
     reduce(acc = null, r IN relationships(chain) |
       CASE WHEN r.categories IS NULL THEN acc
            WHEN acc IS NULL THEN r.categories
            ELSE [x IN acc WHERE x IN r.categories] END) AS passedOn
WHERE passedOn IS NULL OR size(passedOn) > 0
// One route per first processor, categories passed on and length.
WITH p0, passedOn, length(chain) AS steps,
     min(reduce(s = '', n IN nodes(chain) | s + ' ' + n.id)
         + '#' + toString(reduce(m = 100, r IN relationships(chain) |
                   CASE WHEN coalesce(r.confidence, 50) < m THEN coalesce(r.confidence, 50) ELSE m END))
         + '#' + toString(any(r IN relationships(chain) WHERE coalesce(r.disputed, false)))) AS route
WITH p0, passedOn, steps, route
// Routes of equal length in text order, so that which of them explains a client is the same on every run
// (and the same as the application's in-memory read model, exposure.ExposureIndex, computes).
ORDER BY steps, route
// Per first processor: its routes, shortest first, one per distinct set of categories passed on.
WITH p0, collect({passedOn: passedOn, steps: steps, route: route}) AS chains
WITH p0, reduce(kept = [], r IN chains |
       CASE WHEN any(k IN kept WHERE k.passedOn IS NULL OR k.passedOn = r.passedOn) THEN kept ELSE kept + [r] END) AS routes
MATCH (c:Organisation)-[f:ENTRUSTS]->(p0)
WHERE NOT c.id IN $vendorIds AND ($kinds IS NULL OR c.kind IN $kinds)
  AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(f)
WITH c, f, [r IN routes | {route: r,
       categories: [x IN f.categories WHERE (r.passedOn IS NULL OR x IN r.passedOn)
                                        AND ($categories IS NULL OR x IN $categories)]}] AS reached
WITH c, f, [m IN reached WHERE size(m.categories) > 0] AS reached
WHERE size(reached) > 0
// Per flow: the shortest route that carries any of its categories explains it; all its routes contribute.
WITH c, f, reached[0].route AS shortest, split(reached[0].route.route, '#') AS parts,
     reduce(u = [], m IN reached | u + [x IN m.categories WHERE NOT x IN u]) AS categories
// Per client: the shortest of its flows' routes explains it ("hops c p0 … v#confidence#disputed", so
// that min() picks the fewest hops); the categories of all its flows count; people: its largest flow
// (flows of one client to different processors may describe the same people, so they are not added).
WITH c,
     min(toString(shortest.steps + 1) + ' ' + c.id + parts[0]
         + '#' + toString(CASE WHEN coalesce(f.confidence, 50) < toInteger(parts[1]) THEN coalesce(f.confidence, 50)
                               ELSE toInteger(parts[1]) END)
         + '#' + toString(coalesce(f.disputed, false) OR parts[2] = 'true')) AS best,
     collect(categories) AS categoryLists,
     max(f.people) AS people
WITH c, categoryLists, people, split(best, '#') AS best
WITH c, categoryLists, people, best, split(best[0], ' ') AS hopsAndPath
RETURN c.id AS clientId,
       toInteger(hopsAndPath[0]) AS hops,
       hopsAndPath[1..] AS path,
       toInteger(best[1]) AS confidence,
       best[2] = 'true' AS disputed,
       reduce(u = [], l IN categoryLists | u + [x IN l WHERE NOT x IN u]) AS categories,
       people
