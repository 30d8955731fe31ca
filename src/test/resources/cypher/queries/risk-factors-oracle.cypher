// The tests' oracle for vendor-risk facts (risk.RiskRankingDifferentialTest): the query the application ran before
// the read model served flows, critical clients, uncertain flows and sub-processing depth (cypher/queries/risk-threats.cypher
// holds the rest). Kept as it was, over the store.
// Vendor risk: the graph facts behind each factor of docs/risk-model.md, for the given organisations
// ($ids), or for every organisation that receives data when $ids is null. Exposure-based factors
// (sensitivity, people, dependent clients) come from concentration-risk.cypher.
// Only facts the caller may see count: every node and link must carry a marking in $visibleTlp; and only
// flows, sub-processing and software use that hold on $asOf (VALID_ON, the rule of exposure.Validity).
//
// - criticalClients: direct clients that are health or public bodies (kinds in $criticalKinds)
// - subProcessingDepth: longest chain of sub-processors below the vendor, bounded at 4 and cycle-safe
// - incidents: incidents in which it was breached
// - vulnerabilities / maxCvss: known vulnerabilities in the software it runs
// - actors: distinct actors that exploit those vulnerabilities
// - uncertainFlows / flows: direct flows that are disputed or have confidence below 50
MATCH (v:Organisation)
WHERE (($ids IS NULL AND (EXISTS { (v)<-[r:ENTRUSTS|SUBPROCESSES_TO]-(o:Organisation)
                  WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND coalesce(o.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r) }))
       OR v.id IN coalesce($ids, []))
  AND coalesce(v.tlp, 'CLEAR') IN $visibleTlp
WITH v, COLLECT { MATCH (v)-[r:RUNS]->(s:Software)<-[x:AFFECTS]-(vulnerability:Vulnerability)
                  WHERE all(n IN [r, s, x, vulnerability] WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp) AND VALID_ON(r)
                  RETURN DISTINCT vulnerability } AS vulnerabilities
RETURN v.id AS vendorId,
       COUNT { (c:Organisation)-[f:ENTRUSTS]->(v)
               WHERE coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(f) } AS flows,
       COUNT { (c:Organisation)-[f:ENTRUSTS]->(v)
               WHERE c.kind IN $criticalKinds
                 AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(f) } AS criticalClients,
       COUNT { (c:Organisation)-[f:ENTRUSTS]->(v)
               WHERE (coalesce(f.disputed, false) OR coalesce(f.confidence, 50) < 50)
                 AND coalesce(f.tlp, 'CLEAR') IN $visibleTlp AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(f) } AS uncertainFlows,
       reduce(m = 0, l IN COLLECT { MATCH p = (v)-[:SUBPROCESSES_TO*1..4]->()
                                    WHERE all(n IN nodes(p) WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
                                      AND all(r IN relationships(p) WHERE coalesce(r.tlp, 'CLEAR') IN $visibleTlp AND VALID_ON(r))
                                    RETURN length(p) } |
              CASE WHEN l > m THEN l ELSE m END) AS subProcessingDepth,
       COUNT { (i:Incident)-[b:BREACHED]->(v)
               WHERE coalesce(b.tlp, 'CLEAR') IN $visibleTlp AND coalesce(i.tlp, 'CLEAR') IN $visibleTlp } AS incidents,
       size(vulnerabilities) AS vulnerabilities,
       reduce(m = 0.0, x IN vulnerabilities | CASE WHEN coalesce(x.cvss, 0.0) > m THEN coalesce(x.cvss, 0.0) ELSE m END) AS maxCvss,
       COUNT { MATCH (a:ThreatActor)-[e:EXPLOITS]->(x:Vulnerability)
               WHERE x IN vulnerabilities
                 AND coalesce(e.tlp, 'CLEAR') IN $visibleTlp AND coalesce(a.tlp, 'CLEAR') IN $visibleTlp
               RETURN DISTINCT a } AS actors
