// Clop: what has it done, what does it exploit, and whose data could it reach now?
//
// The actor's family is the actor and the actors it USES or is USED by (one step either way): TA505 uses
// the Clop ransomware, so TA505's exploits count for Clop and Clop's incidents for TA505. RELATED_TO
// actors (FIN11) are distinct groups and are not included.
// At risk now: organisations that RUN software affected by a vulnerability the family EXPLOITS; the
// application then expands their clients with vendor-exposure.cypher.
// Every node and link walked must carry a TLP marking the caller may see ($visibleTlp). At risk on $asOf:
// only software use (RUNS) that holds on that date counts (VALID_ON, the rule of exposure.Validity).
MATCH (a:ThreatActor {id: $actorId})
WHERE coalesce(a.tlp, 'CLEAR') IN $visibleTlp
WITH a, COLLECT { MATCH (a)-[u:USES]-(k:ThreatActor)
                  WHERE k <> a AND coalesce(u.tlp, 'CLEAR') IN $visibleTlp AND coalesce(k.tlp, 'CLEAR') IN $visibleTlp
                  RETURN DISTINCT k.id } AS kin
WITH [a.id] + [k IN kin WHERE k <> a.id] AS familyIds
RETURN familyIds,
       COLLECT { MATCH (f:ThreatActor)-[e:EXPLOITS]->(v:Vulnerability)
                 WHERE f.id IN familyIds AND coalesce(e.tlp, 'CLEAR') IN $visibleTlp AND coalesce(v.tlp, 'CLEAR') IN $visibleTlp
                 RETURN DISTINCT v.id ORDER BY v.id } AS vulnerabilityIds,
       COLLECT { MATCH (f:ThreatActor)-[e:EXPLOITS]->(v:Vulnerability)-[x:AFFECTS]->(s:Software)
                 WHERE f.id IN familyIds
                   AND all(n IN [e, v, x, s] WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
                 RETURN DISTINCT s.id ORDER BY s.id } AS softwareIds,
       COLLECT { MATCH (f:ThreatActor)-[e:EXPLOITS]->(v:Vulnerability)-[x:AFFECTS]->(s:Software)<-[r:RUNS]-(o:Organisation)
                 WHERE f.id IN familyIds
                   AND all(n IN [e, v, x, s, r, o] WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp) AND VALID_ON(r)
                 RETURN DISTINCT o.id ORDER BY o.id } AS atRiskVendorIds,
       COLLECT { MATCH (f:ThreatActor)<-[t:ATTRIBUTED_TO]-(i:Incident)-[b:BREACHED|AFFECTED]->(o:Organisation)
                 WHERE f.id IN familyIds
                   AND all(n IN [t, i, b, o] WHERE coalesce(n.tlp, 'CLEAR') IN $visibleTlp)
                 RETURN DISTINCT o.id ORDER BY o.id } AS victimIds
