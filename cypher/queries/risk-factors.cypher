// Vendor risk: the graph facts behind each factor of docs/risk-model.md, for the given organisations
// ($ids), or for every organisation that receives data when $ids is null. Exposure-based factors
// (sensitivity, people, dependent clients) come from concentration-risk.cypher.
//
// - criticalClients: direct clients that are health or public bodies (kinds in $criticalKinds)
// - subProcessingDepth: longest chain of sub-processors below the vendor, bounded at 4 and cycle-safe
// - incidents: incidents in which it was breached
// - vulnerabilities / maxCvss: known vulnerabilities in the software it runs
// - actors: distinct actors that exploit those vulnerabilities
// - uncertainFlows / flows: direct flows that are disputed or have confidence below 50
MATCH (v:Organisation)
WHERE ($ids IS NULL AND (EXISTS { (v)<-[:ENTRUSTS]-() } OR EXISTS { (v)<-[:SUBPROCESSES_TO]-() }))
   OR v.id IN coalesce($ids, [])
RETURN v.id AS vendorId,
       COUNT { (v)<-[:ENTRUSTS]-() } AS flows,
       COUNT { (c:Organisation)-[:ENTRUSTS]->(v) WHERE c.kind IN $criticalKinds } AS criticalClients,
       COUNT { (v)<-[f:ENTRUSTS]-() WHERE coalesce(f.disputed, false) OR coalesce(f.confidence, 50) < 50 } AS uncertainFlows,
       reduce(m = 0, l IN COLLECT { MATCH p = (v)-[:SUBPROCESSES_TO*1..4]->() RETURN length(p) } |
              CASE WHEN l > m THEN l ELSE m END) AS subProcessingDepth,
       COUNT { (:Incident)-[:BREACHED]->(v) } AS incidents,
       COUNT { MATCH (v)-[:RUNS]->(:Software)<-[:AFFECTS]-(x:Vulnerability) RETURN DISTINCT x } AS vulnerabilities,
       reduce(m = 0.0, c IN COLLECT { MATCH (v)-[:RUNS]->(:Software)<-[:AFFECTS]-(x:Vulnerability) RETURN coalesce(x.cvss, 0.0) } |
              CASE WHEN c > m THEN c ELSE m END) AS maxCvss,
       COUNT { MATCH (v)-[:RUNS]->(:Software)<-[:AFFECTS]-(:Vulnerability)<-[:EXPLOITS]-(a:ThreatActor) RETURN DISTINCT a } AS actors
