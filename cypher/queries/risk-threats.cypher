// Vendor risk: the threat facts behind factors of docs/risk-model.md that the in-memory read model does not
// hold (exposure.ExposureIndex answers flows, critical clients, uncertain flows and sub-processing depth), for
// the given organisations ($ids), or for every organisation that runs software or was breached when $ids is null.
// Which organisations are ranked, and whether the caller may see the vendor, the read model decides: these facts
// do not depend on the vendor's own marking, so editing an organisation leaves them valid (risk.RiskService caches
// them until a change writes a link between vendors, incidents, software, vulnerabilities and threat actors, or
// changes one of those nodes: RiskService.movesThreatFacts).
// Only facts the caller may see count: every node and link must carry a marking in $visibleTlp; software use counts
// when it holds on $asOf (VALID_ON, the rule of exposure.Validity).
// The whole former query (these facts with the read model's, over the store) is the tests' oracle:
// src/test/resources/cypher/queries/risk-factors-oracle.cypher.
//
// - incidents: incidents in which it was breached
// - vulnerabilities / maxCvss: known vulnerabilities in the software it runs
// - actors: distinct actors that exploit those vulnerabilities
//
// Every vendor is found from its software and its incidents, not by testing every organisation: that test walked the
// relationship chain of each of 250,000 organisations, about ten seconds on the national graph.
CALL () {
  MATCH (v:Organisation)-[:RUNS]->(:Software) WHERE $ids IS NULL RETURN v
  UNION
  MATCH (:Incident)-[:BREACHED]->(v:Organisation) WHERE $ids IS NULL RETURN v
  UNION
  MATCH (v:Organisation) WHERE v.id IN coalesce($ids, []) RETURN v
}
WITH v, COLLECT { MATCH (v)-[r:RUNS]->(s:Software)<-[x:AFFECTS]-(vulnerability:Vulnerability)
                  WHERE all(n IN [r, s, x, vulnerability] WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp) AND VALID_ON(r)
                  RETURN DISTINCT vulnerability } AS vulnerabilities
RETURN v.id AS vendorId,
       COUNT { (i:Incident)-[b:BREACHED]->(v)
               WHERE coalesce(b.tlp, 'CLEAR') IN $visibleTlp AND coalesce(i.tlp, 'CLEAR') IN $visibleTlp } AS incidents,
       size(vulnerabilities) AS vulnerabilities,
       reduce(m = 0.0, x IN vulnerabilities | CASE WHEN coalesce(x.cvss, 0.0) > m THEN coalesce(x.cvss, 0.0) ELSE m END) AS maxCvss,
       COUNT { MATCH (a:ThreatActor)-[e:EXPLOITS]->(x:Vulnerability)
               WHERE x IN vulnerabilities
                 AND coalesce(e.tlp, 'CLEAR') IN $visibleTlp AND coalesce(a.tlp, 'CLEAR') IN $visibleTlp
               RETURN DISTINCT a } AS actors
