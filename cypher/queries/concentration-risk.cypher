// Concentration risk: which organisations do many clients depend on, directly or through sub-processing
// (at most 3 hops, as vendorExposure's default), and how sensitive is what they hold?
// For every organisation that receives data, the same traversal as vendor-exposure.cypher, aggregated
// per organisation instead of listed per client (hops do not matter here, so each first processor's
// routes collapse to one set of categories). This touches every flow in the graph: at national
// scale it is a batch computation (tens of seconds), so the application caches its result keyed by the
// graph version (the last committed transaction) and recomputes after any write.
//
// Parameters: $categories / $kinds filter as in vendor-exposure.cypher (null = all);
// $special = ids of Article 9 categories; $sensitivity = map category id -> sensitivity 1..5;
// $visibleTlp = the TLP markings the caller may see (hidden organisations and links count for nothing);
// $asOf = the date the table is for (flows and sub-processing count when VALID_ON it: exposure.Validity).
MATCH (v:Organisation)
WHERE (EXISTS { (v)<-[r:ENTRUSTS|SUBPROCESSES_TO]-(o:Organisation)
                  WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND coalesce(o.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r) })
  AND coalesce(v.tlp, 'CLEAR') IN $visibleTlp
CALL (v) {
  MATCH chain = (p0:Organisation)-[:SUBPROCESSES_TO*0..2]->(v)
  WHERE all(r IN relationships(chain) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r))
    AND all(n IN nodes(chain) WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
  WITH p0, reduce(acc = null, r IN relationships(chain) |
         CASE WHEN r.categories IS NULL THEN acc
              WHEN acc IS NULL THEN r.categories
              ELSE [x IN acc WHERE x IN r.categories] END) AS passedOn
  WHERE passedOn IS NULL OR size(passedOn) > 0
  // What reaches v through each first processor: the union of its routes' categories (null = all), so
  // each processor's clients are expanded once however many chains run through it.
  WITH DISTINCT p0, passedOn
  WITH p0, collect(passedOn) AS routes, count(*) AS routeCount, count(passedOn) AS restricted
  WITH p0, CASE WHEN restricted < routeCount THEN null
                ELSE reduce(u = [], l IN routes | u + [x IN l WHERE NOT x IN u]) END AS passedOn
  MATCH (c:Organisation)-[f:ENTRUSTS]->(p0)
  WHERE c <> v AND ($kinds IS NULL OR c.kind IN $kinds) AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp
    AND VALID_ON(f)
  WITH c, f, [x IN f.categories WHERE (passedOn IS NULL OR x IN passedOn)
                                   AND ($categories IS NULL OR x IN $categories)] AS cats
  WHERE size(cats) > 0
  // One row per dependent client: union of categories over its routes, largest flow for people.
  WITH c, max(f.people) AS people, collect(cats) AS catLists
  WITH c, people, reduce(u = [], l IN catLists | u + [x IN l WHERE NOT x IN u]) AS cats
  RETURN count(c) AS clients,
         sum(CASE WHEN any(x IN cats WHERE x IN $special) THEN 1 ELSE 0 END) AS specialClients,
         sum(people) AS people,
         count(people) AS clientsWithPeople,
         sum(reduce(m = 1, x IN cats | CASE WHEN coalesce($sensitivity[x], 1) > m
                                            THEN coalesce($sensitivity[x], 1) ELSE m END)) AS sensitivitySum
}
WITH v, clients, specialClients, people, clientsWithPeople, sensitivitySum
WHERE clients > 0
RETURN v.id AS organisationId, clients, specialClients,
       CASE WHEN clientsWithPeople = 0 THEN null ELSE people END AS people, sensitivitySum
